"""Types of the optional C kernel (``_ckernel.c``); ``index.py`` documents what it does."""

def dot(a: dict[str, float], b: dict[str, float], /) -> float: ...
def votes(
    index: dict[str, dict[int, float]], vec: dict[str, float], terms: list[str], cap: int, /
) -> dict[int, float]: ...
def ranked(votes: dict[int, float], k: int, /) -> list[int]: ...
def best(
    index: dict[str, dict[int, float]],
    vec: dict[str, float],
    terms: list[str],
    cap: int,
    skip: int,
    k: int,
    /,
) -> list[int]: ...
