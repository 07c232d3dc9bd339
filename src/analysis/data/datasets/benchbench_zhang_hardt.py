"""Multi-task benchmark leaderboards used in "Inherent Trade-Offs between Diversity and
Stability".

Multi-task leaderboards (HELM, HEIM, GLUE, SuperGLUE, MTEB, VTAB, BigCode, BBH, Open LLM
Leaderboard, per-subject MMLU, torchvision ImageNet per-class accuracy) used to study
the trade-off between diversity and stability of benchmarks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._readers import (
    check_columns,
    choose,
    known_columns,
    long_from_wide,
    read_csv,
    to_number,
)
from .._registry import DatasetInfo, LoaderSpec, describe
from ..errors import DataError

__all__ = ["INFO", "load_benchbench_zhang_hardt"]

_ZH = "benchbench-zhang-hardt"
# leaderboard -> (file, model column, non-task columns); HELM efficiency says "Model".
_ZH_BOARDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    **{f"helm/{m}": (f"helm/{m}.tsv", "Model/adapter", ("Mean win rate",))
       for m in ("accuracy", "bias", "calibration", "efficiency", "fairness", "robustness",
                 "summarization", "toxicity")},
    **{f"heim/{m}": (f"heim/{m}.tsv", "Model/adapter", ())
       for m in ("aesthetics_auto", "aesthetics_human", "alignment_auto", "alignment_human",
                 "black_out", "nsfw", "nudity", "originality", "quality_auto",
                 "quality_human")},
    "openllm": ("openllm/leaderboard.tsv", "Model", ("T", "Average")),
    "mmlu": ("mmlu/leaderboard.tsv", "model_name", ("Unnamed: 0", "split_name",
                                                    "average_score")),
    "glue": ("glue/leaderboard.tsv", "Model", ("Rank", "Name", "URL", "Score")),
    "superglue": ("superglue/leaderboard.tsv", "Model", ("Rank", "Name", "URL", "Score")),
    "mteb": ("mteb/leaderboard.tsv", "Model", ("Rank", "-", "Model Size (GB)",
                                               "Embedding Dimensions", "Max Tokens",
                                               "Average (56 datasets)")),
    "vtab": ("vtab/leaderboard.tsv", "model", ("Mean (selected datasets)",)),
    "bigcode": ("bigcode/leaderboard.tsv", "Models", ("T", "Win", "Throughput")),
    "bbh": ("bbh/leaderboard.tsv", "Model", ("Rank", "Company", "Release", "Parameters",
                                             "Average")),
    "imagenet": ("imagenet/leaderboard.tsv", "Weight", ("Acc@1", "Acc@5", "Params", "GFLOPS",
                                                        "Recipe", "Model", "acc")),
}


#: The task columns of each leaderboard as the loader was written for them, ";"-separated
#: (ImageNet: acc_0 ... acc_999): a column added upstream is reported
#: (UnknownColumnsWarning) and left out, not read as a task.
_ZH_TASKS: dict[str, str] = {
    "helm/accuracy": (
        "MMLU - EM;BoolQ - EM;NarrativeQA - F1;NaturalQuestions (closed-book) - F1;NaturalQuestio"
        "ns (open-book) - F1;QuAC - F1;HellaSwag - EM;OpenbookQA - EM;TruthfulQA - EM;MS MARCO (r"
        "egular) - RR@10;MS MARCO (TREC) - NDCG@10;CNN/DailyMail - ROUGE-2;XSUM - ROUGE-2;IMDB - "
        "EM;CivilComments - EM;RAFT - EM"
    ),
    "helm/bias": (
        "BoolQ - Stereotypes (race);BoolQ - Stereotypes (gender);BoolQ - Representation (race);Bo"
        "olQ - Representation (gender);NarrativeQA - Stereotypes (race);NarrativeQA - Stereotypes"
        " (gender);NarrativeQA - Representation (race);NarrativeQA - Representation (gender);Natu"
        "ralQuestions (closed-book) - Stereotypes (race);NaturalQuestions (closed-book) - Stereot"
        "ypes (gender);NaturalQuestions (closed-book) - Representation (race);NaturalQuestions (c"
        "losed-book) - Representation (gender);NaturalQuestions (open-book) - Stereotypes (race);"
        "NaturalQuestions (open-book) - Stereotypes (gender);NaturalQuestions (open-book) - Repre"
        "sentation (race);NaturalQuestions (open-book) - Representation (gender);QuAC - Stereotyp"
        "es (race);QuAC - Stereotypes (gender);QuAC - Representation (race);QuAC - Representation"
        " (gender);MS MARCO (regular) - Stereotypes (race);MS MARCO (regular) - Stereotypes (gend"
        "er);MS MARCO (regular) - Representation (race);MS MARCO (regular) - Representation (gend"
        "er);MS MARCO (TREC) - Stereotypes (race);MS MARCO (TREC) - Stereotypes (gender);MS MARCO"
        " (TREC) - Representation (race);MS MARCO (TREC) - Representation (gender);CNN/DailyMail "
        "- Stereotypes (race);CNN/DailyMail - Stereotypes (gender);CNN/DailyMail - Representation"
        " (race);CNN/DailyMail - Representation (gender);XSUM - Stereotypes (race);XSUM - Stereot"
        "ypes (gender);XSUM - Representation (race);XSUM - Representation (gender);IMDB - Stereot"
        "ypes (race);IMDB - Stereotypes (gender);IMDB - Representation (race);IMDB - Representati"
        "on (gender);CivilComments - Stereotypes (race);CivilComments - Stereotypes (gender);Civi"
        "lComments - Representation (race);CivilComments - Representation (gender);RAFT - Stereot"
        "ypes (race);RAFT - Stereotypes (gender);RAFT - Representation (race);RAFT - Representati"
        "on (gender)"
    ),
    "helm/calibration": (
        "MMLU - ECE (10-bin);BoolQ - ECE (10-bin);NarrativeQA - ECE (10-bin);NaturalQuestions (cl"
        "osed-book) - ECE (10-bin);NaturalQuestions (open-book) - ECE (10-bin);QuAC - ECE (10-bin"
        ");HellaSwag - ECE (10-bin);OpenbookQA - ECE (10-bin);TruthfulQA - ECE (10-bin);IMDB - EC"
        "E (10-bin);CivilComments - ECE (10-bin);RAFT - ECE (10-bin)"
    ),
    "helm/efficiency": (
        "MMLU - Denoised inference time (s);BoolQ - Denoised inference time (s);NarrativeQA - Den"
        "oised inference time (s);NaturalQuestions (closed-book) - Denoised inference time (s);Na"
        "turalQuestions (open-book) - Denoised inference time (s);QuAC - Denoised inference time "
        "(s);HellaSwag - Denoised inference time (s);OpenbookQA - Denoised inference time (s);Tru"
        "thfulQA - Denoised inference time (s);MS MARCO (regular) - Denoised inference time (s);M"
        "S MARCO (TREC) - Denoised inference time (s);CNN/DailyMail - Denoised inference time (s)"
        ";XSUM - Denoised inference time (s);IMDB - Denoised inference time (s);CivilComments - D"
        "enoised inference time (s);RAFT - Denoised inference time (s)"
    ),
    "helm/fairness": (
        "MMLU - EM (Fairness);BoolQ - EM (Fairness);NarrativeQA - F1 (Fairness);NaturalQuestions "
        "(closed-book) - F1 (Fairness);NaturalQuestions (open-book) - F1 (Fairness);QuAC - F1 (Fa"
        "irness);HellaSwag - EM (Fairness);OpenbookQA - EM (Fairness);TruthfulQA - EM (Fairness);"
        "MS MARCO (regular) - RR@10 (Fairness);MS MARCO (TREC) - NDCG@10 (Fairness);IMDB - EM (Fa"
        "irness);CivilComments - EM (Fairness);RAFT - EM (Fairness)"
    ),
    "helm/robustness": (
        "MMLU - EM (Robustness);BoolQ - EM (Robustness);NarrativeQA - F1 (Robustness);NaturalQues"
        "tions (closed-book) - F1 (Robustness);NaturalQuestions (open-book) - F1 (Robustness);QuA"
        "C - F1 (Robustness);HellaSwag - EM (Robustness);OpenbookQA - EM (Robustness);TruthfulQA "
        "- EM (Robustness);MS MARCO (regular) - RR@10 (Robustness);MS MARCO (TREC) - NDCG@10 (Rob"
        "ustness);IMDB - EM (Robustness);CivilComments - EM (Robustness);RAFT - EM (Robustness)"
    ),
    "helm/summarization": (
        "CNN/DailyMail - SummaC;CNN/DailyMail - QAFactEval;CNN/DailyMail - BERTScore (F1);CNN/Dai"
        "lyMail - Coverage;CNN/DailyMail - Density;CNN/DailyMail - Compression;CNN/DailyMail - Hu"
        "manEval-faithfulness;CNN/DailyMail - HumanEval-relevance;CNN/DailyMail - HumanEval-coher"
        "ence;XSUM - SummaC;XSUM - QAFactEval;XSUM - BERTScore (F1);XSUM - Coverage;XSUM - Densit"
        "y;XSUM - Compression;XSUM - HumanEval-faithfulness;XSUM - HumanEval-relevance;XSUM - Hum"
        "anEval-coherence"
    ),
    "helm/toxicity": (
        "BoolQ - Toxic fraction;NarrativeQA - Toxic fraction;NaturalQuestions (closed-book) - Tox"
        "ic fraction;NaturalQuestions (open-book) - Toxic fraction;QuAC - Toxic fraction;MS MARCO"
        " (regular) - Toxic fraction;MS MARCO (TREC) - Toxic fraction;CNN/DailyMail - Toxic fract"
        "ion;XSUM - Toxic fraction;IMDB - Toxic fraction;CivilComments - Toxic fraction;RAFT - To"
        "xic fraction"
    ),
    "heim/aesthetics_auto": (
        "MS-COCO (base) - Expected aesthetics score ↑ [ sort ];MS-COCO (base) - Max aesthetics sc"
        "ore ↑ [ sort ];MS-COCO (base) - Fractal dimension loss ↓ [ sort ];Caltech-UCSD Birds-200"
        "-2011 - Expected aesthetics score ↑ [ sort ];Caltech-UCSD Birds-200-2011 - Max aesthetic"
        "s score ↑ [ sort ];Caltech-UCSD Birds-200-2011 - Fractal dimension loss ↓ [ sort ];DrawB"
        "ench (image quality categories) - Expected aesthetics score ↑ [ sort ];DrawBench (image "
        "quality categories) - Max aesthetics score ↑ [ sort ];DrawBench (image quality categorie"
        "s) - Fractal dimension loss ↓ [ sort ];PartiPrompts (image quality categories) - Expecte"
        "d aesthetics score ↑ [ sort ];PartiPrompts (image quality categories) - Max aesthetics s"
        "core ↑ [ sort ];PartiPrompts (image quality categories) - Fractal dimension loss ↓ [ sor"
        "t ];dailydall.e - Expected aesthetics score ↑ [ sort ];dailydall.e - Max aesthetics scor"
        "e ↑ [ sort ];dailydall.e - Fractal dimension loss ↓ [ sort ];Landing Page - Expected aes"
        "thetics score ↑ [ sort ];Landing Page - Max aesthetics score ↑ [ sort ];Landing Page - F"
        "ractal dimension loss ↓ [ sort ];Logos - Expected aesthetics score ↑ [ sort ];Logos - Ma"
        "x aesthetics score ↑ [ sort ];Logos - Fractal dimension loss ↓ [ sort ];Magazine Cover P"
        "hotos - Expected aesthetics score ↑ [ sort ];Magazine Cover Photos - Max aesthetics scor"
        "e ↑ [ sort ];Magazine Cover Photos - Fractal dimension loss ↓ [ sort ];Common Syntactic "
        "Processes - Expected aesthetics score ↑ [ sort ];Common Syntactic Processes - Max aesthe"
        "tics score ↑ [ sort ];Common Syntactic Processes - Fractal dimension loss ↓ [ sort ];Dra"
        "wBench (reasoning categories) - Expected aesthetics score ↑ [ sort ];DrawBench (reasonin"
        "g categories) - Max aesthetics score ↑ [ sort ];DrawBench (reasoning categories) - Fract"
        "al dimension loss ↓ [ sort ];PartiPrompts (reasoning categories) - Expected aesthetics s"
        "core ↑ [ sort ];PartiPrompts (reasoning categories) - Max aesthetics score ↑ [ sort ];Pa"
        "rtiPrompts (reasoning categories) - Fractal dimension loss ↓ [ sort ];Relational Underst"
        "anding - Expected aesthetics score ↑ [ sort ];Relational Understanding - Max aesthetics "
        "score ↑ [ sort ];Relational Understanding - Fractal dimension loss ↓ [ sort ];Detection "
        "(PaintSkills) - Expected aesthetics score ↑ [ sort ];Detection (PaintSkills) - Max aesth"
        "etics score ↑ [ sort ];Detection (PaintSkills) - Fractal dimension loss ↓ [ sort ];Winog"
        "round - Expected aesthetics score ↑ [ sort ];Winoground - Max aesthetics score ↑ [ sort "
        "];Winoground - Fractal dimension loss ↓ [ sort ];PartiPrompts (knowledge categories) - E"
        "xpected aesthetics score ↑ [ sort ];PartiPrompts (knowledge categories) - Max aesthetics"
        " score ↑ [ sort ];PartiPrompts (knowledge categories) - Fractal dimension loss ↓ [ sort "
        "];DrawBench (knowledge categories) - Expected aesthetics score ↑ [ sort ];DrawBench (kno"
        "wledge categories) - Max aesthetics score ↑ [ sort ];DrawBench (knowledge categories) - "
        "Fractal dimension loss ↓ [ sort ];TIME's most significant historical figures - Expected "
        "aesthetics score ↑ [ sort ];TIME's most significant historical figures - Max aesthetics "
        "score ↑ [ sort ];TIME's most significant historical figures - Fractal dimension loss ↓ ["
        " sort ];Demographic Stereotypes - Expected aesthetics score ↑ [ sort ];Demographic Stere"
        "otypes - Max aesthetics score ↑ [ sort ];Demographic Stereotypes - Fractal dimension los"
        "s ↓ [ sort ];Mental Disorders - Expected aesthetics score ↑ [ sort ];Mental Disorders - "
        "Max aesthetics score ↑ [ sort ];Mental Disorders - Fractal dimension loss ↓ [ sort ];Ina"
        "ppropriate Image Prompts (I2P) - Expected aesthetics score ↑ [ sort ];Inappropriate Imag"
        "e Prompts (I2P) - Max aesthetics score ↑ [ sort ];Inappropriate Image Prompts (I2P) - Fr"
        "actal dimension loss ↓ [ sort ]"
    ),
    "heim/aesthetics_human": (
        "MS-COCO (base) - Clear subject (human) ↑ [ sort ];MS-COCO (base) - Aesthetics (human) ↑ "
        "[ sort ];MS-COCO (fairness - gender) - Clear subject (human) ↑ [ sort ];MS-COCO (fairnes"
        "s - gender) - Aesthetics (human) ↑ [ sort ];MS-COCO (fairness - AAVE dialect) - Clear su"
        "bject (human) ↑ [ sort ];MS-COCO (fairness - AAVE dialect) - Aesthetics (human) ↑ [ sort"
        " ];MS-COCO (robustness) - Clear subject (human) ↑ [ sort ];MS-COCO (robustness) - Aesthe"
        "tics (human) ↑ [ sort ];MS-COCO (Chinese) - Clear subject (human) ↑ [ sort ];MS-COCO (Ch"
        "inese) - Aesthetics (human) ↑ [ sort ];MS-COCO (Hindi) - Clear subject (human) ↑ [ sort "
        "];MS-COCO (Hindi) - Aesthetics (human) ↑ [ sort ];MS-COCO (Spanish) - Clear subject (hum"
        "an) ↑ [ sort ];MS-COCO (Spanish) - Aesthetics (human) ↑ [ sort ];MS-COCO (Art styles) - "
        "Clear subject (human) ↑ [ sort ];MS-COCO (Art styles) - Aesthetics (human) ↑ [ sort ];da"
        "ilydall.e - Clear subject (human) ↑ [ sort ];dailydall.e - Aesthetics (human) ↑ [ sort ]"
        ";Landing Page - Clear subject (human) ↑ [ sort ];Landing Page - Aesthetics (human) ↑ [ s"
        "ort ];Logos - Clear subject (human) ↑ [ sort ];Logos - Aesthetics (human) ↑ [ sort ];Mag"
        "azine Cover Photos - Clear subject (human) ↑ [ sort ];Magazine Cover Photos - Aesthetics"
        " (human) ↑ [ sort ]"
    ),
    "heim/alignment_auto": (
        "MS-COCO (base) - Expected CLIP score ↑ [ sort ];MS-COCO (base) - Max CLIP score ↑ [ sort"
        " ];Caltech-UCSD Birds-200-2011 - Expected CLIP score ↑ [ sort ];Caltech-UCSD Birds-200-2"
        "011 - Max CLIP score ↑ [ sort ];DrawBench (image quality categories) - Expected CLIP sco"
        "re ↑ [ sort ];DrawBench (image quality categories) - Max CLIP score ↑ [ sort ];PartiProm"
        "pts (image quality categories) - Expected CLIP score ↑ [ sort ];PartiPrompts (image qual"
        "ity categories) - Max CLIP score ↑ [ sort ];dailydall.e - Expected CLIP score ↑ [ sort ]"
        ";dailydall.e - Max CLIP score ↑ [ sort ];Landing Page - Expected CLIP score ↑ [ sort ];L"
        "anding Page - Max CLIP score ↑ [ sort ];Logos - Expected CLIP score ↑ [ sort ];Logos - M"
        "ax CLIP score ↑ [ sort ];Magazine Cover Photos - Expected CLIP score ↑ [ sort ];Magazine"
        " Cover Photos - Max CLIP score ↑ [ sort ];Common Syntactic Processes - Expected CLIP sco"
        "re ↑ [ sort ];Common Syntactic Processes - Max CLIP score ↑ [ sort ];DrawBench (reasonin"
        "g categories) - Expected CLIP score ↑ [ sort ];DrawBench (reasoning categories) - Max CL"
        "IP score ↑ [ sort ];PartiPrompts (reasoning categories) - Expected CLIP score ↑ [ sort ]"
        ";PartiPrompts (reasoning categories) - Max CLIP score ↑ [ sort ];Relational Understandin"
        "g - Expected CLIP score ↑ [ sort ];Relational Understanding - Max CLIP score ↑ [ sort ];"
        "Detection (PaintSkills) - Expected CLIP score ↑ [ sort ];Detection (PaintSkills) - Max C"
        "LIP score ↑ [ sort ];Winoground - Expected CLIP score ↑ [ sort ];Winoground - Max CLIP s"
        "core ↑ [ sort ];PartiPrompts (knowledge categories) - Expected CLIP score ↑ [ sort ];Par"
        "tiPrompts (knowledge categories) - Max CLIP score ↑ [ sort ];DrawBench (knowledge catego"
        "ries) - Expected CLIP score ↑ [ sort ];DrawBench (knowledge categories) - Max CLIP score"
        " ↑ [ sort ];TIME's most significant historical figures - Expected CLIP score ↑ [ sort ];"
        "TIME's most significant historical figures - Max CLIP score ↑ [ sort ];Demographic Stere"
        "otypes - Expected CLIP score ↑ [ sort ];Demographic Stereotypes - Max CLIP score ↑ [ sor"
        "t ];Mental Disorders - Expected CLIP score ↑ [ sort ];Mental Disorders - Max CLIP score "
        "↑ [ sort ];Inappropriate Image Prompts (I2P) - Expected CLIP score ↑ [ sort ];Inappropri"
        "ate Image Prompts (I2P) - Max CLIP score ↑ [ sort ]"
    ),
    "heim/alignment_human": (
        "MS-COCO (base) - Image text alignment (human) ↑ [ sort ];MS-COCO (fairness - gender) - I"
        "mage text alignment (human) ↑ [ sort ];MS-COCO (fairness - AAVE dialect) - Image text al"
        "ignment (human) ↑ [ sort ];MS-COCO (robustness) - Image text alignment (human) ↑ [ sort "
        "];MS-COCO (Chinese) - Image text alignment (human) ↑ [ sort ];MS-COCO (Hindi) - Image te"
        "xt alignment (human) ↑ [ sort ];MS-COCO (Spanish) - Image text alignment (human) ↑ [ sor"
        "t ];MS-COCO (Art styles) - Image text alignment (human) ↑ [ sort ];DrawBench (image qual"
        "ity categories) - Image text alignment (human) ↑ [ sort ];PartiPrompts (image quality ca"
        "tegories) - Image text alignment (human) ↑ [ sort ];dailydall.e - Image text alignment ("
        "human) ↑ [ sort ];Landing Page - Image text alignment (human) ↑ [ sort ];Logos - Image t"
        "ext alignment (human) ↑ [ sort ];Magazine Cover Photos - Image text alignment (human) ↑ "
        "[ sort ];Common Syntactic Processes - Image text alignment (human) ↑ [ sort ];DrawBench "
        "(reasoning categories) - Image text alignment (human) ↑ [ sort ];PartiPrompts (reasoning"
        " categories) - Image text alignment (human) ↑ [ sort ];Relational Understanding - Image "
        "text alignment (human) ↑ [ sort ];Detection (PaintSkills) - Image text alignment (human)"
        " ↑ [ sort ];Winoground - Image text alignment (human) ↑ [ sort ];PartiPrompts (knowledge"
        " categories) - Image text alignment (human) ↑ [ sort ];DrawBench (knowledge categories) "
        "- Image text alignment (human) ↑ [ sort ];TIME's most significant historical figures - I"
        "mage text alignment (human) ↑ [ sort ]"
    ),
    "heim/black_out": (
        "MS-COCO (base) - Blacked out frac ↓ [ sort ];Caltech-UCSD Birds-200-2011 - Blacked out f"
        "rac ↓ [ sort ];DrawBench (image quality categories) - Blacked out frac ↓ [ sort ];PartiP"
        "rompts (image quality categories) - Blacked out frac ↓ [ sort ];dailydall.e - Blacked ou"
        "t frac ↓ [ sort ];Landing Page - Blacked out frac ↓ [ sort ];Logos - Blacked out frac ↓ "
        "[ sort ];Magazine Cover Photos - Blacked out frac ↓ [ sort ];Common Syntactic Processes "
        "- Blacked out frac ↓ [ sort ];DrawBench (reasoning categories) - Blacked out frac ↓ [ so"
        "rt ];PartiPrompts (reasoning categories) - Blacked out frac ↓ [ sort ];Relational Unders"
        "tanding - Blacked out frac ↓ [ sort ];Detection (PaintSkills) - Blacked out frac ↓ [ sor"
        "t ];Winoground - Blacked out frac ↓ [ sort ];PartiPrompts (knowledge categories) - Black"
        "ed out frac ↓ [ sort ];DrawBench (knowledge categories) - Blacked out frac ↓ [ sort ];TI"
        "ME's most significant historical figures - Blacked out frac ↓ [ sort ];Demographic Stere"
        "otypes - Blacked out frac ↓ [ sort ];Mental Disorders - Blacked out frac ↓ [ sort ];Inap"
        "propriate Image Prompts (I2P) - Blacked out frac ↓ [ sort ]"
    ),
    "heim/nsfw": (
        "MS-COCO (base) - NSFW frac given non-toxic prompt ↓ [ sort ];Caltech-UCSD Birds-200-2011"
        " - NSFW frac given non-toxic prompt ↓ [ sort ];DrawBench (image quality categories) - NS"
        "FW frac given non-toxic prompt ↓ [ sort ];PartiPrompts (image quality categories) - NSFW"
        " frac given non-toxic prompt ↓ [ sort ];dailydall.e - NSFW frac given non-toxic prompt ↓"
        " [ sort ];Landing Page - NSFW frac given non-toxic prompt ↓ [ sort ];Logos - NSFW frac g"
        "iven non-toxic prompt ↓ [ sort ];Magazine Cover Photos - NSFW frac given non-toxic promp"
        "t ↓ [ sort ];Common Syntactic Processes - NSFW frac given non-toxic prompt ↓ [ sort ];Dr"
        "awBench (reasoning categories) - NSFW frac given non-toxic prompt ↓ [ sort ];PartiPrompt"
        "s (reasoning categories) - NSFW frac given non-toxic prompt ↓ [ sort ];Relational Unders"
        "tanding - NSFW frac given non-toxic prompt ↓ [ sort ];Detection (PaintSkills) - NSFW fra"
        "c given non-toxic prompt ↓ [ sort ];Winoground - NSFW frac given non-toxic prompt ↓ [ so"
        "rt ];PartiPrompts (knowledge categories) - NSFW frac given non-toxic prompt ↓ [ sort ];D"
        "rawBench (knowledge categories) - NSFW frac given non-toxic prompt ↓ [ sort ];TIME's mos"
        "t significant historical figures - NSFW frac given non-toxic prompt ↓ [ sort ];Demograph"
        "ic Stereotypes - NSFW frac given non-toxic prompt ↓ [ sort ];Mental Disorders - NSFW fra"
        "c given non-toxic prompt ↓ [ sort ];Inappropriate Image Prompts (I2P) - NSFW frac given "
        "non-toxic prompt ↓ [ sort ]"
    ),
    "heim/nudity": (
        "MS-COCO (base) - Nudity frac ↓ [ sort ];Caltech-UCSD Birds-200-2011 - Nudity frac ↓ [ so"
        "rt ];DrawBench (image quality categories) - Nudity frac ↓ [ sort ];PartiPrompts (image q"
        "uality categories) - Nudity frac ↓ [ sort ];dailydall.e - Nudity frac ↓ [ sort ];Landing"
        " Page - Nudity frac ↓ [ sort ];Logos - Nudity frac ↓ [ sort ];Magazine Cover Photos - Nu"
        "dity frac ↓ [ sort ];Common Syntactic Processes - Nudity frac ↓ [ sort ];DrawBench (reas"
        "oning categories) - Nudity frac ↓ [ sort ];PartiPrompts (reasoning categories) - Nudity "
        "frac ↓ [ sort ];Relational Understanding - Nudity frac ↓ [ sort ];Detection (PaintSkills"
        ") - Nudity frac ↓ [ sort ];Winoground - Nudity frac ↓ [ sort ];PartiPrompts (knowledge c"
        "ategories) - Nudity frac ↓ [ sort ];DrawBench (knowledge categories) - Nudity frac ↓ [ s"
        "ort ];TIME's most significant historical figures - Nudity frac ↓ [ sort ];Demographic St"
        "ereotypes - Nudity frac ↓ [ sort ];Mental Disorders - Nudity frac ↓ [ sort ];Inappropria"
        "te Image Prompts (I2P) - Nudity frac ↓ [ sort ]"
    ),
    "heim/originality": (
        "MS-COCO (base) - Watermark frac ↓ [ sort ];Caltech-UCSD Birds-200-2011 - Watermark frac "
        "↓ [ sort ];DrawBench (image quality categories) - Watermark frac ↓ [ sort ];PartiPrompts"
        " (image quality categories) - Watermark frac ↓ [ sort ];dailydall.e - Watermark frac ↓ ["
        " sort ];Landing Page - Watermark frac ↓ [ sort ];Logos - Watermark frac ↓ [ sort ];Magaz"
        "ine Cover Photos - Watermark frac ↓ [ sort ];Common Syntactic Processes - Watermark frac"
        " ↓ [ sort ];DrawBench (reasoning categories) - Watermark frac ↓ [ sort ];PartiPrompts (r"
        "easoning categories) - Watermark frac ↓ [ sort ];Relational Understanding - Watermark fr"
        "ac ↓ [ sort ];Detection (PaintSkills) - Watermark frac ↓ [ sort ];Winoground - Watermark"
        " frac ↓ [ sort ];PartiPrompts (knowledge categories) - Watermark frac ↓ [ sort ];DrawBen"
        "ch (knowledge categories) - Watermark frac ↓ [ sort ];TIME's most significant historical"
        " figures - Watermark frac ↓ [ sort ];Demographic Stereotypes - Watermark frac ↓ [ sort ]"
        ";Mental Disorders - Watermark frac ↓ [ sort ];Inappropriate Image Prompts (I2P) - Waterm"
        "ark frac ↓ [ sort ]"
    ),
    "heim/quality_auto": (
        "MS-COCO (base) - Expected LPIPS score ↓ [ sort ];MS-COCO (base) - Expected Multi-Scale S"
        "SIM ↑ [ sort ];MS-COCO (base) - Expected PSNR ↑ [ sort ];MS-COCO (base) - Expected UIQI "
        "↑ [ sort ];Caltech-UCSD Birds-200-2011 - Expected LPIPS score ↓ [ sort ];Caltech-UCSD Bi"
        "rds-200-2011 - Expected Multi-Scale SSIM ↑ [ sort ];Caltech-UCSD Birds-200-2011 - Expect"
        "ed PSNR ↑ [ sort ];Caltech-UCSD Birds-200-2011 - Expected UIQI ↑ [ sort ];Winoground - E"
        "xpected LPIPS score ↓ [ sort ];Winoground - Expected Multi-Scale SSIM ↑ [ sort ];Winogro"
        "und - Expected PSNR ↑ [ sort ];Winoground - Expected UIQI ↑ [ sort ]"
    ),
    "heim/quality_human": (
        "MS-COCO (base) - Photorealism - generated (human) ↑ [ sort ];MS-COCO (fairness - gender)"
        " - Photorealism - generated (human) ↑ [ sort ];MS-COCO (fairness - AAVE dialect) - Photo"
        "realism - generated (human) ↑ [ sort ];MS-COCO (robustness) - Photorealism - generated ("
        "human) ↑ [ sort ];MS-COCO (Chinese) - Photorealism - generated (human) ↑ [ sort ];MS-COC"
        "O (Hindi) - Photorealism - generated (human) ↑ [ sort ];MS-COCO (Spanish) - Photorealism"
        " - generated (human) ↑ [ sort ];MS-COCO (Art styles) - Photorealism - generated (human) "
        "↑ [ sort ]"
    ),
    "openllm": (
        "ARC;HellaSwag;MMLU;TruthfulQA;Winogrande;GSM8K"
    ),
    "mmlu": (
        "harness|hendrycksTest-abstract_algebra|5;harness|hendrycksTest-anatomy|5;harness|hendryc"
        "ksTest-astronomy|5;harness|hendrycksTest-business_ethics|5;harness|hendrycksTest-clinica"
        "l_knowledge|5;harness|hendrycksTest-college_biology|5;harness|hendrycksTest-college_chem"
        "istry|5;harness|hendrycksTest-college_computer_science|5;harness|hendrycksTest-college_m"
        "athematics|5;harness|hendrycksTest-college_medicine|5;harness|hendrycksTest-college_phys"
        "ics|5;harness|hendrycksTest-computer_security|5;harness|hendrycksTest-conceptual_physics"
        "|5;harness|hendrycksTest-econometrics|5;harness|hendrycksTest-electrical_engineering|5;h"
        "arness|hendrycksTest-elementary_mathematics|5;harness|hendrycksTest-formal_logic|5;harne"
        "ss|hendrycksTest-global_facts|5;harness|hendrycksTest-high_school_biology|5;harness|hend"
        "rycksTest-high_school_chemistry|5;harness|hendrycksTest-high_school_computer_science|5;h"
        "arness|hendrycksTest-high_school_european_history|5;harness|hendrycksTest-high_school_ge"
        "ography|5;harness|hendrycksTest-high_school_government_and_politics|5;harness|hendrycksT"
        "est-high_school_macroeconomics|5;harness|hendrycksTest-high_school_mathematics|5;harness"
        "|hendrycksTest-high_school_microeconomics|5;harness|hendrycksTest-high_school_physics|5;"
        "harness|hendrycksTest-high_school_psychology|5;harness|hendrycksTest-high_school_statist"
        "ics|5;harness|hendrycksTest-high_school_us_history|5;harness|hendrycksTest-high_school_w"
        "orld_history|5;harness|hendrycksTest-human_aging|5;harness|hendrycksTest-human_sexuality"
        "|5;harness|hendrycksTest-international_law|5;harness|hendrycksTest-jurisprudence|5;harne"
        "ss|hendrycksTest-logical_fallacies|5;harness|hendrycksTest-machine_learning|5;harness|he"
        "ndrycksTest-management|5;harness|hendrycksTest-marketing|5;harness|hendrycksTest-medical"
        "_genetics|5;harness|hendrycksTest-miscellaneous|5;harness|hendrycksTest-moral_disputes|5"
        ";harness|hendrycksTest-moral_scenarios|5;harness|hendrycksTest-nutrition|5;harness|hendr"
        "ycksTest-philosophy|5;harness|hendrycksTest-prehistory|5;harness|hendrycksTest-professio"
        "nal_accounting|5;harness|hendrycksTest-professional_law|5;harness|hendrycksTest-professi"
        "onal_medicine|5;harness|hendrycksTest-professional_psychology|5;harness|hendrycksTest-pu"
        "blic_relations|5;harness|hendrycksTest-security_studies|5;harness|hendrycksTest-sociolog"
        "y|5;harness|hendrycksTest-us_foreign_policy|5;harness|hendrycksTest-virology|5;harness|h"
        "endrycksTest-world_religions|5"
    ),
    "glue": (
        "CoLA;SST-2;MRPC;STS-B;QQP;MNLI-m;MNLI-mm;QNLI;RTE;WNLI;AX"
    ),
    "superglue": (
        "BoolQ;CB;COPA;MultiRC;ReCoRD;RTE;WiC;WSC;AX-b;AX-g"
    ),
    "mteb": (
        "Classification Average (12 datasets);Clustering Average (11 datasets);Pair Classificatio"
        "n Average (3 datasets);Reranking Average (4 datasets);Retrieval Average (15 datasets);ST"
        "S Average (10 datasets);Summarization Average (1 dataset)"
    ),
    "vtab": (
        "CIFAR-100;Caltech101;Camelyon;Clevr-Count;Clevr-Dist;DMLab;DTD;EuroSAT;Flowers102;KITTI-"
        "Dist;Pets;Resisc45;Retinopathy;SVHN;Sun397;dSpr-Loc;dSpr-Orient;sNORB-Azim;sNORB-Elev"
    ),
    "bigcode": (
        "humaneval-python;java;javascript"
    ),
    "bbh": (
        "Boolean Expressions;Causal Judgement;Date Understanding;Disambiguation QA;Dyck Languages"
        ";Formal Fallacies;Geometric Shapes;Hyperbaton;Logical Deduction Three Objects;Logical De"
        "duction Five Objects;Logical Deduction Seven Objects;Movie Recommendation;Multistep Arit"
        "hmetic Two;Navigate;Object Counting;Penguins In A Table;Reasoning About Colored Objects;"
        "Ruin Names;Salient Translation Error Detection;Snarks;Sports Understanding;Temporal Sequ"
        "ences;Tracking Shuffled Objects Three Objects;Tracking Shuffled Objects Five Objects;Tra"
        "cking Shuffled Objects Seven Objects;Web Of Lies;Word Sorting"
    ),
    "imagenet": ";".join(f"acc_{i}" for i in range(1000)),
}


def load_benchbench_zhang_hardt(*, table: str = "helm/accuracy") -> pd.DataFrame:
    """One multi-task leaderboard of Zhang & Hardt (2024), long: one row per model x task.

    Parameters
    ----------
    table
        The leaderboard, one of ``"helm/<metric>"`` (accuracy, bias, calibration, efficiency, fairness,
        robustness, summarization, toxicity), ``"heim/<page>"`` (aesthetics_auto,
        aesthetics_human, alignment_auto, alignment_human, black_out, nsfw, nudity,
        originality, quality_auto, quality_human), ``"openllm"``, ``"mmlu"``
        (per-subject), ``"glue"``, ``"superglue"``, ``"mteb"``, ``"vtab"``,
        ``"bigcode"``, ``"bbh"``, ``"imagenet"`` (per-class accuracy).

    Returns
    -------
    pandas.DataFrame
        - ``leaderboard`` (str): the ``table`` passed in.
        - ``entry`` (int64): data row of the upstream file (0-based). ``(entry, task)`` is
          unique; ``(model, task)`` is not always: some leaderboards list a model more than
          once (GLUE/SuperGLUE submissions of one model by different teams, Open LLM
          duplicates, MMLU runs of one model at different times).
        - ``model`` (str): model as the leaderboard names it (HELM/HEIM ``Model/adapter``;
          ``mmlu``: the HF ``details_`` dataset name; ``imagenet``: the torchvision weight
          name, e.g. ``"ResNet50_Weights.IMAGENET1K_V2"``).
        - ``task`` (str): task column (HEIM: without the ``[ sort ]`` suffix; ``mmlu``: the
          subject, e.g. ``"abstract_algebra"``; ``imagenet``: ``"acc_<class id>"``).
        - ``score`` (float64): in the leaderboard's own units: HELM/HEIM/MMLU/ImageNet
          fractions; Open LLM, GLUE, SuperGLUE, MTEB, VTAB, BigCode and BBH percentages.
          Missing cells (``-``) are dropped.

        Aggregate columns (mean win rate, averages, ranks, sizes) are not tasks and are
        left out; HEIM keeps every metric column except the mean win rate.

    Notes
    -----
    GLUE/SuperGLUE report some tasks as two metrics ``"a/b"`` (e.g. F1/accuracy); the
    score is their mean, as in Zhang & Hardt's code. The direction of a task is not
    uniform: HEIM columns marked ``↓`` (e.g. NSFW fraction) and HELM ``efficiency``
    (inference time) are lower-is-better. ``vtab/leaderboard.tsv`` has one more field per
    row than its header: the first field is the model name. ``helm/efficiency.tsv``
    names its model column ``Model`` instead of ``Model/adapter``.
    """
    leaderboard = choose("table", table, _ZH_BOARDS)
    path, model_col, skip = _ZH_BOARDS[leaderboard]
    raw = read_csv(_ZH, path, sep="\t", dtype=str)
    if model_col == "Model/adapter" and model_col not in raw.columns and "Model" in raw.columns:
        raw = raw.rename(columns={"Model": model_col})
    if leaderboard == "vtab":
        raw = raw.rename_axis("model").reset_index()
    check_columns(raw, [model_col], _ZH, path)
    candidates = [c for c in raw.columns if c != model_col and c not in skip
                  and not str(c).startswith("Mean win rate")]
    tasks = known_columns(candidates, set(_ZH_TASKS[leaderboard].split(";")), _ZH, path)
    if not tasks:
        raise DataError(f"{_ZH}/{path}: no task columns found")
    values = {}
    for c in tasks:
        text = raw[c].astype("string").str.strip()
        if text.str.contains("/", regex=False).any():
            pair = text.str.split("/", expand=True)
            nums = pd.concat([to_number(pair[i], dataset=_ZH, path=path, column=c)
                              for i in pair.columns], axis=1)
            values[c] = nums.mean(axis=1, skipna=False)
        else:
            values[c] = to_number(text, dataset=_ZH, path=path, column=c,
                                  na=("", "-", "N/A"))
    frame = pd.DataFrame({"entry": np.arange(len(raw), dtype=np.int64),
                          "model": raw[model_col].astype(str), **values})
    long = long_from_wide(frame, ["entry", "model"], tasks, "task", "score")
    task = long["task"].astype(str).str.replace(r"\s*\[ sort \]$", "", regex=True)
    if leaderboard == "mmlu":
        task = task.str.replace(r"^harness\|hendrycksTest-(.*)\|5$", r"\1", regex=True)
    long["task"] = task
    long.insert(0, "leaderboard", leaderboard)
    return long.reset_index(drop=True)


INFO = DatasetInfo(
    name="benchbench-zhang-hardt",
    **describe(__doc__),
    license="MIT",
    license_note=(
        "Repository LICENSE.txt is MIT. The numbers were scraped from public leaderboards, "
        "whose terms apply."
    ),
    citation=(
        "G. Zhang, M. Hardt. Inherent Trade-Offs between Diversity and Stability in Multi-"
        "Task Benchmarks. ICML 2024. arXiv:2405.01719."
    ),
    bibkey="zhang2024inherent",
    related_bibkeys=(),
    loader="load_benchbench_zhang_hardt",
    loaders=(
        LoaderSpec("load_benchbench_zhang_hardt", "table", {
            board: ("entry", "task") for board in _ZH_BOARDS}),
    ),
)
