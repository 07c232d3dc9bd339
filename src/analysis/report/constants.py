"""Thresholds of the report (conventions, stated in the report where they apply)."""

#: Fewest models for the IRT section: abilities are normalised over the fitted models, so
#: item difficulties and discriminations need a population of models, not a handful.
IRT_MIN_MODELS = 20
#: A 2PL discrimination below this counts as "non-discriminating" (a convention).
LOW_DISCRIMINATION = 0.25
#: Fewest models for flagging items by a negative item-rest correlation.
MIN_MODELS_DISCRIMINATION = 10
