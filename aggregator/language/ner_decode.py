"""spaCy's entity recogniser, decoded faster: the same network and greedy BILUO decisions, in numpy.

spaCy's recogniser (a transition-based parser) embeds the tokens, then walks them one at a
time: at each token it sums three precomputed feature vectors (this token; the first token of
the open entity; the token before), applies a maxout layer and a linear layer, and takes the
best-scoring valid move (Begin, In, Last, Unit or Out, each with a label). The wheel installed
here spends about three quarters of its time in that walk, most of it taking and releasing
Python's lock for every move's validity check (measured with ``perf``: 28 of 40 ms an article).

This module makes the same decisions with the same arithmetic, in bulk:

* while no entity is open, the features are (token, padding, padding), so the scores of every
  token's "closed" state are computed at once, one matrix product for the whole batch, and the
  valid moves there (Begin, Unit, Out) decided at once;
* only inside an entity, where the features depend on where it began, are the scores computed
  token by token, and there the only valid moves are In and Last of the entity's label.

Sums run in spaCy's order (feature 0, 1, 2, then the bias) in float32; the matrix products are
numpy's on one thread, as in :mod:`ner_embed` (three times faster here than thinc's BLIS, the
last bits of the scores differing); ties go to the lower move, as in spaCy's
``arg_max_if_valid``. ``tests/language/test_ner_decode.py`` checks that the spans equal spaCy's
own on real articles, one by one and in batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from aggregator.language import ner_embed
from aggregator.language.resident import resident

BEGIN, IN, LAST, UNIT, OUT = "B", "I", "L", "U", "O"
Span = tuple[int, int, str]  # character start, end, spaCy label


class Decoder:
    """The recogniser's weights and move table, read once from a loaded spaCy pipeline."""

    def __init__(self, nlp: Any) -> None:
        ner = nlp.get_pipe("ner")
        model = ner.model
        if model.attrs.get("unseen_classes"):
            raise ValueError("a recogniser with unseen classes is not supported")
        if ner.cfg.get("beam_width", 1) != 1:
            raise ValueError("only the greedy recogniser is supported")
        self.nlp = nlp
        self.ops = model.ops
        self.tok2vec = model.get_ref("tok2vec")
        self.embedder = ner_embed.embedder(self.tok2vec)  # None: thinc's own layers
        self.lower = model.get_ref("lower")
        # the lower layer's product (spaCy's PrecomputableAffine): every token's three
        # feature vectors at once, plus a row of padding
        self.lower_shape = tuple(self.lower.get_dim(d) for d in ("nF", "nO", "nP"))
        self.lower_weights = self.lower.get_param("W").reshape(-1, self.lower.get_dim("nI"))
        self.lower_pad = self.lower.get_param("pad")[0]
        upper = model.get_ref("upper")
        self.weights = upper.get_param("W")  # (moves, hidden)
        self.bias = upper.get_param("b")
        self.lower_bias = self.lower.get_param("b")  # (hidden, pieces)
        names = [str(ner.moves.get_class_name(i)) for i in range(ner.moves.n_moves)]
        self.kinds = np.array([n.split("-", 1)[0] for n in names])
        self.labels = [n.split("-", 1)[1] if "-" in n else "" for n in names]
        self.inside = {lab: names.index(f"I-{lab}") for lab in self.labels if f"I-{lab}" in names}
        self.last = {lab: names.index(f"L-{lab}") for lab in self.labels if f"L-{lab}" in names}
        labelled = np.array([bool(lab) for lab in self.labels])
        self.begin_mask = (self.kinds == BEGIN) & labelled
        self.unit_mask = (self.kinds == UNIT) & labelled
        self.out_mask = self.kinds == OUT

    def spans(self, texts: Sequence[str]) -> list[list[Span]]:
        """The entity spans spaCy's recogniser gives each text (character offsets, label)."""
        docs = [self.nlp.make_doc(text) for text in texts]
        out: list[list[Span]] = [[] for _ in docs]
        live = [k for k, doc in enumerate(docs) if len(doc)]
        if not live:
            return out
        with ner_embed.one_blas_thread():
            tokvecs = ner_embed.embed(self.tok2vec, self.embedder, [docs[k] for k in live])
            cached = self._lower(tokvecs)  # (tokens + 1, 3, hidden, pieces); row 0: padding
            pad, feats = cached[0], cached[1:]
            closed = feats[:, 0] + pad[1]
            closed += pad[2]
            closed += self.lower_bias
            scores = self._scores(_max_pieces(closed))
            offset = 0
            for k in live:
                doc = docs[k]
                n = len(doc)
                out[k] = self._decode(doc, feats[offset : offset + n], scores[offset : offset + n])
                offset += n
        return out

    def _lower(self, tokvecs: Any) -> Any:
        """``self.lower.predict(tokvecs)``: the product of every token vector with the lower
        layer's weights, after a first row of the layer's padding."""
        out = np.empty((len(tokvecs) + 1, len(self.lower_weights)), dtype=tokvecs.dtype)
        np.matmul(tokvecs, self.lower_weights.T, out=out[1:])
        out = out.reshape(len(out), *self.lower_shape)
        out[0] = self.lower_pad
        return out

    def _scores(self, hidden: Any) -> Any:
        result = hidden @ self.weights.T
        result += self.bias
        return result

    def _decode(self, doc: Any, feats: Any, scores: Any) -> list[Span]:
        attrs = doc.to_array(["SENT_START", "IS_SPACE"])
        sent_start, space = attrs[:, 0] == 1, attrs[:, 1].astype(bool)
        # the valid moves of each token's closed state (no entity open)
        valid = np.zeros(scores.shape, dtype=bool)
        can_begin = ~space
        can_begin[-1] = False  # the last token cannot begin an entity
        can_begin[:-1] &= ~sent_start[1:]  # nor may one cross a sentence start
        valid |= self.begin_mask & can_begin[:, None]
        valid |= self.unit_mask & ~space[:, None]
        valid |= self.out_mask
        choice = np.where(valid, scores, -np.inf).argmax(axis=1)
        moves = self.kinds[choice]
        spans: list[Span] = []
        at = 0
        for i in np.flatnonzero(moves != OUT).tolist():
            if i < at:
                continue  # inside an entity decoded below
            label = self.labels[choice[i]]
            end = i + 1 if moves[i] == UNIT else self._entity_end(feats, i, label, sent_start)
            spans.append((doc[i].idx, doc[end - 1].idx + len(doc[end - 1]), label))
            at = end
        return spans

    def _entity_end(self, feats: Any, start: int, label: str, sent_start: Any) -> int:
        """Where an entity begun at ``start`` ends (exclusive): In until Last wins."""
        n = len(feats)
        inside, last = self.inside[label], self.last[label]
        i = start + 1
        while i < n - 1 and not sent_start[i + 1]:
            unmaxed = feats[i, 0] + feats[start, 1]
            unmaxed += feats[i - 1, 2]
            unmaxed += self.lower_bias
            row = self._scores(_max_pieces(unmaxed)[None, :])[0]
            if not (row[inside] > row[last] or (row[inside] == row[last] and inside < last)):
                break
            i += 1
        return i + 1


def _max_pieces(x: Any) -> Any:
    """The maximum over the last axis (the maxout pieces), as ``x.max(axis=-1)`` gives it:
    element-wise over the few pieces, much faster than numpy's reduction over a short axis."""
    if x.shape[-1] == 1:
        return x[..., 0]
    best = np.maximum(x[..., 0], x[..., 1])
    for piece in range(2, x.shape[-1]):
        np.maximum(best, x[..., piece], out=best)
    return best


@cache
def decoder(nlp: Any) -> Decoder:
    """The decoder of one loaded pipeline (built once, with the pipeline kept resident)."""
    return resident(Decoder(nlp))
