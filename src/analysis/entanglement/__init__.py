"""Capability entanglement: how much of a benchmark one general-capability dimension explains.

``components`` fills missing cells of a models x benchmarks matrix by iterative low-rank
PCA and computes principal components (Ruan et al. 2024) or the eigenvectors of a rank
correlation matrix (Ren et al. 2024); ``correlation`` gives each benchmark's correlation
with a capability score, with a bootstrap over models; ``predict`` holds one benchmark out
and predicts it from PC1 of the others, out of sample; ``areas`` groups the Safetywashing
benchmarks by safety area and orients them higher-is-better.
"""

from . import areas, components, correlation, predict
from .areas import *  # noqa: F403
from .components import *  # noqa: F403
from .correlation import *  # noqa: F403
from .predict import *  # noqa: F403

__all__ = [*components.__all__, *correlation.__all__, *predict.__all__, *areas.__all__]
