"""Build hook for the one compiled part: the clustering's optional C kernel.

Everything else is configured in pyproject.toml. ``aggregator/cluster/_ckernel.c`` holds the
innermost dictionary loops of the clustering (``cluster/index.py``: dot products, index
votes, the top candidates); it is optional: where it cannot be built (no compiler, no Python
headers) the install goes on and ``index.py`` runs its own Python versions, which give the
same results. To build it in place in a checkout: ``python setup.py build_ext --inplace``.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "aggregator.cluster._ckernel",
            sources=["aggregator/cluster/_ckernel.c"],
            optional=True,
        )
    ]
)
