"""Architecture families of the image classifiers in ImageNetV2 and CIFAR-10.1.

The vision models have no "provider"; the nearest analogue is the architecture family
(models designed together, often trained with the same recipe and code).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

__all__ = ["VISION_FAMILY_RULES", "vision_family"]

#: Ordered (regular expression, family) rules; the first match gives the family. Variants
#: of one design (depths, batch norm, framework ports such as the ``_tf`` TensorFlow-slim
#: checkpoints, cutout or augmentation) stay in their family.
VISION_FAMILY_RULES: tuple[tuple[str, str], ...] = (
    (r"^se_|^senet", "SENet"),
    (r"^resnext", "ResNeXt"),
    (r"inception|xception|bninception", "Inception"),
    (r"^wrn|^wide_resnet", "Wide ResNet"),
    (r"^shake", "Shake-Shake/ShakeDrop"),
    (r"^pyramidnet", "PyramidNet"),
    (r"resnet", "ResNet"),
    (r"^densenet", "DenseNet"),
    (r"^dpn", "DPN"),
    (r"nasnet|^pnasnet|^nas$|^darc$", "NAS"),
    (r"^vgg", "VGG"),
    (r"^mobilenet|^squeezenet", "MobileNet/SqueezeNet"),
    (r"^alexnet|^cudaconvnet", "AlexNet-style"),
    (r"^polynet", "PolyNet"),
    (r"^random_features", "random features"),
)


def vision_family(models: Sequence[str] | pd.Index,
                  rules: Sequence[tuple[str, str]] = VISION_FAMILY_RULES) -> pd.Series:
    """Architecture family of each image-classifier name, by the first matching rule.

    Parameters
    ----------
    models
        Model names as in :func:`analysis.data.imagenetv2_matrix` or
        :func:`analysis.data.cifar10_1_matrix`.
    rules
        Ordered ``(regex, family)`` pairs; default :data:`VISION_FAMILY_RULES`.

    Returns
    -------
    pandas.Series
        Family (str) indexed by model; a name no rule matches is its own family.

    Notes
    -----
    A family read from a name is an assumption: ``darc`` (a regularised network) is put
    with the searched architectures because no rule fits it better.

    Examples
    --------
    >>> vision_family(["se_resnet50", "resnet_v1_50_tf", "wrn_28_10", "vgg16_bn"]).tolist()
    ['SENet', 'ResNet', 'Wide ResNet', 'VGG']
    """
    if isinstance(models, str):
        raise TypeError("models must be a sequence of names, not one string; wrap it in a list")
    names = pd.Index(models, dtype=object)
    if not all(isinstance(m, str) for m in names):
        raise TypeError("model names must be strings")
    compiled = [(re.compile(p), f) for p, f in rules]
    return pd.Series([next((f for p, f in compiled if p.search(m)), m) for m in names],
                     index=names, name="family", dtype=object)
