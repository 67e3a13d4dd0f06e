"""The optional C kernel (aggregator/cluster/_ckernel.c) against the Python it replaces.

The kernel is the one built for this checkout when there is one; otherwise it is compiled here
into a temporary folder (setup.py's extension, the compiler setuptools finds), so the C code
is checked even where the package was installed without it. Every function must give the same
values, bit for bit, in the same order as ``index.py``'s Python versions.
"""

from __future__ import annotations

import importlib.util
import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from aggregator.cluster import index, text

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    if index.KERNEL:
        from aggregator.cluster import _ckernel

        return _ckernel
    out = tmp_path_factory.mktemp("kernel")
    script = (
        "import sys; from setuptools import Extension, setup; "
        "setup(script_args=['-q', 'build_ext', '--build-lib', sys.argv[1],"
        " '--build-temp', sys.argv[1] + '/tmp'], ext_modules=[Extension("
        "'_ckernel', [sys.argv[2]])])"
    )
    source = REPO / "aggregator" / "cluster" / "_ckernel.c"
    done = subprocess.run(
        [sys.executable, "-c", script, str(out), str(source)],
        cwd=out,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    built = next(out.glob("_ckernel*.so"))
    spec = importlib.util.spec_from_file_location("_ckernel", built)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _vector(rng: random.Random, vocabulary: list[str], size: int) -> dict[str, float]:
    terms = rng.sample(vocabulary, size)
    return {t: rng.choice([rng.random(), 0.25, 0.5, 1e-300, 3.0]) for t in terms}


def test_dot_is_the_python_dot_bit_for_bit(kernel: ModuleType) -> None:
    rng = random.Random(7)
    vocabulary = [f"t{i}" for i in range(120)]
    for _ in range(2000):
        a = _vector(rng, vocabulary, rng.randrange(0, 60))
        b = _vector(rng, vocabulary, rng.randrange(0, 60))
        got = kernel.dot(a, b)
        assert type(got) is float
        assert repr(got) == repr(index.py_dot(a, b)) == repr(kernel.dot(b, a))
    assert repr(kernel.dot({"x": -0.0}, {"x": 1.0})) == repr(index.py_dot({"x": -0.0}, {"x": 1.0}))
    assert kernel.dot({"x": 2}, {"x": 0.5}) == 1.0  # ints are numbers too
    with pytest.raises(TypeError):
        kernel.dot({"x": "a"}, {"x": 1.0})


def test_packed_dot_is_the_python_dot_bit_for_bit(kernel: ModuleType) -> None:
    rng = random.Random(5)
    # interned terms, as the clustering's vectors hold them; some made at run time
    vocabulary = [sys.intern("".join(rng.choice("abcdef") for _ in range(6))) for _ in range(150)]
    vectors = [_vector(rng, vocabulary, rng.randrange(0, 70)) for _ in range(300)]
    packs = [kernel.pack(v) for v in vectors]
    for _ in range(3000):
        i, j = rng.randrange(300), rng.randrange(300)
        got = kernel.packed_dot(packs[i], packs[j])
        assert repr(got) == repr(index.py_dot(vectors[i], vectors[j]))
    assert kernel.packed_dot(kernel.pack({}), packs[0]) == 0.0
    with pytest.raises(TypeError):
        kernel.packed_dot(vectors[0], packs[0])


def test_votes_are_the_python_votes_in_the_same_order(kernel: ModuleType) -> None:
    rng = random.Random(11)
    vocabulary = [f"t{i}" for i in range(40)]
    for _ in range(300):
        postings: dict[str, dict[int, float]] = {}
        for aid in rng.sample(range(1000), 300):
            for term in rng.sample(vocabulary, 8):
                postings.setdefault(term, {})[aid] = rng.random()
        postings["empty"] = {}
        vec = _vector(rng, vocabulary, 20)
        vec["empty"] = 1.0
        terms = [*rng.sample(sorted(vec), 8), "empty", "unknown"]
        for cap in (1, 5, 60, 200, 10_000):
            got = kernel.votes(postings, vec, terms, cap)
            want = index.py_votes(postings, vec, terms, cap)
            assert list(got.items()) == list(want.items())
            assert [repr(v) for v in got.values()] == [repr(v) for v in want.values()]
            for skip, k in ((-1, 15), (next(iter(want), -1), 15), (5, 0), (7, 1), (9, 5000)):
                best = kernel.best(postings, vec, terms, cap, skip, k)
                assert best == index.py_best(postings, vec, terms, cap, skip, k)
    with pytest.raises(KeyError):
        kernel.votes({"a": {1: 1.0}}, {}, ["a"], 5)
    with pytest.raises(KeyError):
        kernel.best({"a": {1: 1.0}}, {}, ["a"], 5, 0, 3)
    with pytest.raises(TypeError):  # best sums by article id: ints only
        kernel.best({"a": {"x": 1.0}}, {"a": 1.0}, ["a"], 5, 0, 3)


def test_index_add_and_remove_are_the_python_ones(kernel: ModuleType) -> None:
    rng = random.Random(13)
    vocabulary = [f"t{i}" for i in range(30)]
    ours: dict[str, dict[int, float]] = {}
    theirs: dict[str, dict[int, float]] = {}
    live: dict[int, list[str]] = {}
    for step in range(3000):
        if live and rng.random() < 0.45:
            aid = rng.choice(sorted(live))
            terms = live.pop(aid)
            kernel.index_remove(ours, aid, terms)
            index.py_index_remove(theirs, aid, terms)
        else:
            vec = _vector(rng, vocabulary, rng.randrange(1, 12))
            terms = sorted(vec)[: rng.randrange(1, len(vec) + 1)]
            kernel.index_add(ours, step, vec, terms)
            index.py_index_add(theirs, step, vec, terms)
            live[step] = terms
        assert list(ours) == list(theirs)
        assert all(list(ours[t].items()) == list(theirs[t].items()) for t in ours)
    with pytest.raises(KeyError):
        kernel.index_remove(ours, -1, ["t0"])
    with pytest.raises(KeyError):
        kernel.index_add(ours, 1, {}, ["t0"])


def test_ranked_is_the_stable_sort(kernel: ModuleType) -> None:
    rng = random.Random(3)
    for _ in range(2000):
        votes = {
            rng.randrange(10_000): rng.choice([0.5, 0.25, 1.0, rng.random()])
            for _ in range(rng.randrange(0, 80))
        }
        for k in (0, 1, 3, 15, 200):
            assert kernel.ranked(votes, k) == index.py_ranked(votes, k)


def test_term_weights_are_the_python_ones_bit_for_bit(kernel: ModuleType) -> None:
    rng = random.Random(4)
    words = ["", "vote", "senat", "2024", "x's", "путин", "a b", "vote"]
    for _ in range(3000):
        parts = [
            (
                [
                    (rng.choice(words), rng.random() < 0.2, rng.random() < 0.2)
                    for _ in range(rng.randrange(0, 30))
                ],
                rng.choice([2.0, 1.0, 0.3]),
            )
            for _ in range(rng.randrange(0, 3))
        ]
        knobs = (rng.choice([0.4, 0.0, -1.0]), rng.choice([1.0, 1.3]), rng.choice([1.6, 0.5]))
        ours, theirs = kernel.term_weights(parts, *knobs), text.py_term_weights(parts, *knobs)
        assert [(t, repr(w)) for t, w in ours.items()] == [(t, repr(w)) for t, w in theirs.items()]
    with pytest.raises(TypeError):
        kernel.term_weights([([("a", False)], 1.0)], 0.4, 1.0, 1.6)
    with pytest.raises(TypeError):
        kernel.term_weights([(["a"], 1.0)], 0.4, 1.0, 1.6)


def test_count_terms_is_the_python_count(kernel: ModuleType) -> None:
    rng = random.Random(5)
    ours: dict[str, float] = {"old": 2.5}
    theirs = dict(ours)
    for _ in range(500):
        terms = tuple(rng.choice(["a", "b b", "old", "в", str(rng.random())]) for _ in range(9))
        kernel.count_terms(ours, terms)
        text.py_count_terms(theirs, terms)
        assert list(ours.items()) == list(theirs.items())
    with pytest.raises(TypeError):
        kernel.count_terms(ours, ["a"])
    with pytest.raises(TypeError):
        kernel.count_terms(ours, ([],))


def test_doc_terms_runs_the_kernel_when_built() -> None:
    built = importlib.util.find_spec("aggregator.cluster._ckernel") is not None
    assert (text.term_weights is text.py_term_weights) is not built
    assert (text.count_terms is text.py_count_terms) is not built
    weights = text.TermWeights()
    title, body = "Senate votes on the 2024 budget", "The Senate's vote. Senators voted 52-48."
    parts = [(text.tokens(title), weights.title_weight), (text.tokens(body, limit=400), 1.0)]
    assert text.doc_terms(title, body, weights) == text.py_term_weights(parts, 0.4, 1.0, 1.6)


def test_the_index_runs_the_kernel_when_built() -> None:
    # the functions the clustering calls are the kernel's exactly when it imports
    built = importlib.util.find_spec("aggregator.cluster._ckernel") is not None
    assert index.KERNEL is built
    assert (index.dot is index.py_dot) is not built
    if os.environ.get("AGGREGATOR_REQUIRE_KERNEL") == "1":  # set by .ci/run
        assert built, "the C kernel was not built by the install"
