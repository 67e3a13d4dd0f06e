"""spaCy's token-to-vector layers of the English recogniser, run in numpy with fewer passes.

The recogniser of ``en_core_web_sm`` embeds each token itself (its own ``tok2vec``): four hash
embeddings (NORM, PREFIX, SUFFIX, SHAPE), a maxout layer and a layer norm, then four residual
convolution layers (a window of one token each side, maxout, layer norm) and a linear layer.
thinc runs these as a tree of layers; most of the time outside the matrix products went to
its maxout kernel (which also records the winning piece, for training) and to two passes over
the data for each layer norm. Here:

* hashing and embedding sums are thinc's own routines; the first layer (embedding, maxout,
  norm) sees one token at a time, so it runs once for each distinct token of a text (about
  half of a news article's tokens), each row of a product computed as in the whole product;
* the convolutions' windows (the token before, the token, the token after) are written in
  place into one array whose middle third holds the token vectors;
* the matrix products are numpy's (its OpenBLAS, on one thread: ``one_blas_thread``), not
  thinc's BLIS: the BLIS built into the installed wheel does not know this project's machine's
  processor (AMD EPYC, Zen 4) and falls back to its generic kernel, a third of OpenBLAS's speed
  (about 30 against 95 GFLOP/s single-threaded on these products, which were more than half
  of the English framing stage's time). The two sum in different orders, so the vectors
  differ from thinc's in the last bits (a relative 1e-6); the recogniser's decisions did not
  change on any text of the benches (every gold set's mentions, entities and quotes, dumped
  by ``bench/dump_framing.py`` before and after, are identical);
* a maxout is the element-wise maximum of its pieces (exact: a maximum is one of its inputs),
  its weights' rows grouped by piece so that each piece is a block of the product's columns;
* a layer norm makes numpy's mean and variance reductions once each, with the same calls and
  the same rounding as ``ndarray.mean`` and ``ndarray.var``, in place.

``tests/language/test_ner_decode.py`` compares the arrays with thinc's (within 1e-5) and the
spans with spaCy's own; a model of another shape is left to thinc (``embedder`` returns None
for it).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

COLUMNS = ("NORM", "PREFIX", "SUFFIX", "SHAPE")
_RESIDUAL = "residual(expand_window>>maxout>>layernorm>>dropout)"
_HASHED = "ints-getitem>>hashembed"
# the layers as thinc names them, in order (the model this module reproduces)
SHAPE = (
    f"extract_features>>list2ragged>>with_array({'|'.join([_HASHED] * 4)})"
    ">>with_array(maxout>>layernorm>>dropout)>>ragged2list"
    f">>with_array({'>>'.join([_RESIDUAL] * 4)})"
    ">>list2array>>linear"
)
# Below this many distinct tokens every token goes through layer 0: OpenBLAS multiplies a
# matrix of very few rows (up to 4 here) with another kernel, whose last bits differ, and a
# token's vector would then depend on how many distinct tokens its text has.
FEW_DISTINCT = 32


class Embedder:
    """The weights of one recogniser's ``tok2vec``, read once."""

    def __init__(self, tok2vec: Any) -> None:
        self.ops = tok2vec.ops
        nodes = list(tok2vec.walk())
        features = next(n for n in nodes if n.name == "extract_features")
        self.columns = list(features.attrs["columns"])
        self.tables = [(n.get_param("E"), n.attrs["seed"]) for n in nodes if n.name == "hashembed"]
        # each maxout's weights and bias, rows grouped by piece: (pieces x outputs, inputs)
        self.maxouts = [
            (
                np.ascontiguousarray(n.get_param("W").swapaxes(0, 1)).reshape(-1, n.get_dim("nI")),
                np.ascontiguousarray(n.get_param("b").T).reshape(-1),
            )
            for n in nodes
            if n.name == "maxout"
        ]
        self.pieces = next(n for n in nodes if n.name == "maxout").get_dim("nP")
        self.norms = [(n.get_param("G"), n.get_param("b")) for n in nodes if n.name == "layernorm"]
        linear = next(n for n in nodes if n.name == "linear")
        self.out_weights, self.out_bias = linear.get_param("W"), linear.get_param("b")
        # the rows of zeros around a text's tokens before the convolutions
        self.pad = next(n for n in nodes if n.name.startswith("with_array(residual")).attrs["pad"]

    def __call__(self, doc: Any) -> Any:
        """The token vectors of one ``Doc`` (tokens x 64), as ``tok2vec.predict([doc])``."""
        ops = self.ops
        ids = doc.to_array(self.columns).astype("uint64")
        # layer 0 works token by token: each distinct token (its four features) once
        keys = ids.view(np.dtype((np.void, ids.itemsize * ids.shape[1]))).ravel()
        _, first, where = np.unique(keys, return_index=True, return_inverse=True)
        every = len(first) < FEW_DISTINCT
        distinct = ids if every else ids[first]
        x = np.hstack(
            [
                ops.gather_add(table, ops.hash(distinct[:, k].copy(), seed) % len(table))
                for k, (table, seed) in enumerate(self.tables)
            ]
        )
        x = self._norm(self._maxout(x, 0), 0)
        # the convolutions' windows, (token before | token | token after), written in place:
        # the middle third holds the token vectors, padded with rows of zeros at both ends
        width = x.shape[1]
        cols = np.zeros((len(ids) + 2 * self.pad, 3 * width), dtype=x.dtype)
        middle = cols[:, width : 2 * width]
        middle[self.pad : len(cols) - self.pad] = x if every else x[where]
        for layer in range(1, len(self.maxouts)):
            cols[1:, :width] = middle[:-1]
            cols[:-1, 2 * width :] = middle[1:]
            middle += self._norm(self._maxout(cols, layer), layer)
        out = middle[self.pad : len(cols) - self.pad] @ self.out_weights.T
        out += self.out_bias
        return out

    def _maxout(self, x: Any, layer: Any) -> Any:
        """The maximum of the layer's pieces; their rows of weights are grouped by piece
        (``__init__``), so each piece is a contiguous block of the product's columns."""
        weights, bias = self.maxouts[layer]
        y = x @ weights.T
        y += bias
        width = y.shape[1] // self.pieces
        best = np.maximum(y[:, :width], y[:, width : 2 * width])
        for piece in range(2, self.pieces):
            np.maximum(best, y[:, piece * width : (piece + 1) * width], out=best)
        return best

    def _norm(self, x: Any, layer: int) -> Any:
        """Layer ``layer``'s norm of ``x``, in place."""
        gain, bias = self.norms[layer]
        n = np.intp(x.shape[1])  # divided as numpy's mean and var divide (in place, unsafe)
        mean = np.add.reduce(x, axis=1, keepdims=True)
        np.true_divide(mean, n, out=mean, casting="unsafe")
        x -= mean
        var = np.add.reduce(x * x, axis=1, keepdims=True)
        np.true_divide(var, n, out=var, casting="unsafe")
        var += 1e-08
        x *= var ** (-1.0 / 2.0)
        x *= gain
        x += bias
        return x


def embedder(tok2vec: Any) -> Embedder | None:
    """An ``Embedder`` for ``tok2vec`` when it has the shape described above, else None."""
    if tok2vec.name != SHAPE:
        return None
    nodes = list(tok2vec.walk())
    features = next(n for n in nodes if n.name == "extract_features")
    windows = {n.attrs.get("window_size") for n in nodes if n.name == "expand_window"}
    if (
        tuple(features.attrs.get("columns", ())) != COLUMNS
        or windows != {1}
        or any(n.attrs.get("dropout_rate") for n in nodes)
    ):
        return None
    return Embedder(tok2vec)


def embed(tok2vec: Any, found: Embedder | None, docs: Sequence[Any]) -> Any:
    """The token vectors of ``docs``, one array of all their tokens in order (the caller
    limits the BLAS threads: ``one_blas_thread``)."""
    if found is None:
        return tok2vec.predict(list(docs))
    return np.concatenate([found(doc) for doc in docs])


@cache
def _threads() -> Any:
    """A handle on the BLAS thread pools of this process (threadpoolctl), made once: making
    one looks up every loaded library (about 3 ms)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> Any:
    """A context in which numpy's matrix products run on one thread: with OpenBLAS's default
    pool (one thread a core) the small products of one article cost more CPU, not less, the
    extra thread spinning while it waits."""
    return _threads().limit(limits=1, user_api="blas")
