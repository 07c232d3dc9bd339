"""LLM x benchmark score matrices from "Observational Scaling Laws".

Benchmark scores of 148 pretrained base LLMs on 8 standard benchmarks with model size,
training tokens and compute, plus emergent-capability tasks, Open LLM Leaderboard v2,
prompting-technique results and instruction-tuned/agent evaluations.
"""

from __future__ import annotations

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

__all__ = ["INFO", "load_obsscaling"]

_OBS = "obsscaling"
_OBS_TABLES = {
    "base": "base_llm_benchmark_eval.csv",
    "base_sub_10b": "base_llm_benchmark_eval_sub_10b.csv",
    "emergent": "base_llm_emergent_capability_eval.csv",
    "leaderboard_v2": "base_llm_leaderboard_v2_eval.csv",
    "post_training": "base_llm_post_training_eval.csv",
    "instruct": "instruct_llm_benchmark_eval.csv",
    "agent": "instruct_llm_agent_eval.csv",
}
_OBS_META = {"Model Family": "model_family", "Model Size (B)": "model_size_b",
             "Pretraining Data Size (T)": "pretraining_tokens_t", "FLOPs (1E21)": "flops_1e21"}


#: The score columns of each table as the loader was written for them, ";"-separated: a
#: column added upstream is reported (UnknownColumnsWarning) and left out, not read as a
#: benchmark.
_OBS_SCORES: dict[str, str] = {
    "base": (
        "MMLU;ARC-C;HellaSwag;Winograd;TruthfulQA;GSM8K;XWinograd;HumanEval"
    ),
    "base_sub_10b": (
        "MMLU;ARC-C;HellaSwag;Winograd;TruthfulQA;GSM8K;XWinograd;HumanEval"
    ),
    "emergent": (
        "parsinlu_qa_2_acc;word_unscrambling_2_exact_match;ipa_transliterate_2_exact_match;ipa_tr"
        "ansliterate_2_bleu;arithmetic_3ds_2_acc;arithmetic_3da_2_acc;arithmetic_2dm_2_acc;arithm"
        "etic_2da_2_acc"
    ),
    "leaderboard_v2": (
        "leaderboard_bbh;leaderboard_gpqa;leaderboard_ifeval;leaderboard_math_hard;leaderboard_mm"
        "lu_pro;leaderboard_musr"
    ),
    "post_training": (
        "gsm8k_cot_self_consistency_8_exact_match,score-first;gsm8k_cot_self_consistency_8_exact_"
        "match,maj@5;gsm8k_cot_self_consistency_8_exact_match,score-first-flexible-extract;gsm8k_"
        "cot_self_consistency_8_exact_match,maj@5-flexible-extract;gsm8k_5_exact_match,strict-mat"
        "ch;gsm8k_5_exact_match,flexible-extract;gsm8k_cot_zeroshot_0_exact_match,strict-match;gs"
        "m8k_cot_zeroshot_0_exact_match,flexible-extract;gsm8k_cot_8_exact_match,strict-match;gsm"
        "8k_cot_8_exact_match,flexible-extract;bbh_fewshot_boolean_expressions_3_exact_match,stri"
        "ct-match;bbh_fewshot_boolean_expressions_3_exact_match,strict-match,norm;bbh_fewshot_boo"
        "lean_expressions_3_exact_match,flexible-extract;bbh_fewshot_boolean_expressions_3_exact_"
        "match,flexible-extract,norm;bbh_fewshot_causal_judgement_3_exact_match,strict-match;bbh_"
        "fewshot_causal_judgement_3_exact_match,strict-match,norm;bbh_fewshot_causal_judgement_3_"
        "exact_match,flexible-extract;bbh_fewshot_causal_judgement_3_exact_match,flexible-extract"
        ",norm;bbh_fewshot_date_understanding_3_exact_match,strict-match;bbh_fewshot_date_underst"
        "anding_3_exact_match,strict-match,norm;bbh_fewshot_date_understanding_3_exact_match,flex"
        "ible-extract;bbh_fewshot_date_understanding_3_exact_match,flexible-extract,norm;bbh_fews"
        "hot_disambiguation_qa_3_exact_match,strict-match;bbh_fewshot_disambiguation_qa_3_exact_m"
        "atch,strict-match,norm;bbh_fewshot_disambiguation_qa_3_exact_match,flexible-extract;bbh_"
        "fewshot_disambiguation_qa_3_exact_match,flexible-extract,norm;bbh_fewshot_dyck_languages"
        "_3_exact_match,strict-match;bbh_fewshot_dyck_languages_3_exact_match,strict-match,norm;b"
        "bh_fewshot_dyck_languages_3_exact_match,flexible-extract;bbh_fewshot_dyck_languages_3_ex"
        "act_match,flexible-extract,norm;bbh_fewshot_formal_fallacies_3_exact_match,strict-match;"
        "bbh_fewshot_formal_fallacies_3_exact_match,strict-match,norm;bbh_fewshot_formal_fallacie"
        "s_3_exact_match,flexible-extract;bbh_fewshot_formal_fallacies_3_exact_match,flexible-ext"
        "ract,norm;bbh_fewshot_geometric_shapes_3_exact_match,strict-match;bbh_fewshot_geometric_"
        "shapes_3_exact_match,strict-match,norm;bbh_fewshot_geometric_shapes_3_exact_match,flexib"
        "le-extract;bbh_fewshot_geometric_shapes_3_exact_match,flexible-extract,norm;bbh_fewshot_"
        "hyperbaton_3_exact_match,strict-match;bbh_fewshot_hyperbaton_3_exact_match,strict-match,"
        "norm;bbh_fewshot_hyperbaton_3_exact_match,flexible-extract;bbh_fewshot_hyperbaton_3_exac"
        "t_match,flexible-extract,norm;bbh_fewshot_logical_deduction_five_objects_3_exact_match,s"
        "trict-match;bbh_fewshot_logical_deduction_five_objects_3_exact_match,strict-match,norm;b"
        "bh_fewshot_logical_deduction_five_objects_3_exact_match,flexible-extract;bbh_fewshot_log"
        "ical_deduction_five_objects_3_exact_match,flexible-extract,norm;bbh_fewshot_logical_dedu"
        "ction_seven_objects_3_exact_match,strict-match;bbh_fewshot_logical_deduction_seven_objec"
        "ts_3_exact_match,strict-match,norm;bbh_fewshot_logical_deduction_seven_objects_3_exact_m"
        "atch,flexible-extract;bbh_fewshot_logical_deduction_seven_objects_3_exact_match,flexible"
        "-extract,norm;bbh_fewshot_logical_deduction_three_objects_3_exact_match,strict-match;bbh"
        "_fewshot_logical_deduction_three_objects_3_exact_match,strict-match,norm;bbh_fewshot_log"
        "ical_deduction_three_objects_3_exact_match,flexible-extract;bbh_fewshot_logical_deductio"
        "n_three_objects_3_exact_match,flexible-extract,norm;bbh_fewshot_movie_recommendation_3_e"
        "xact_match,strict-match;bbh_fewshot_movie_recommendation_3_exact_match,strict-match,norm"
        ";bbh_fewshot_movie_recommendation_3_exact_match,flexible-extract;bbh_fewshot_movie_recom"
        "mendation_3_exact_match,flexible-extract,norm;bbh_fewshot_multistep_arithmetic_two_3_exa"
        "ct_match,strict-match;bbh_fewshot_multistep_arithmetic_two_3_exact_match,strict-match,no"
        "rm;bbh_fewshot_multistep_arithmetic_two_3_exact_match,flexible-extract;bbh_fewshot_multi"
        "step_arithmetic_two_3_exact_match,flexible-extract,norm;bbh_fewshot_navigate_3_exact_mat"
        "ch,strict-match;bbh_fewshot_navigate_3_exact_match,strict-match,norm;bbh_fewshot_navigat"
        "e_3_exact_match,flexible-extract;bbh_fewshot_navigate_3_exact_match,flexible-extract,nor"
        "m;bbh_fewshot_object_counting_3_exact_match,strict-match;bbh_fewshot_object_counting_3_e"
        "xact_match,strict-match,norm;bbh_fewshot_object_counting_3_exact_match,flexible-extract;"
        "bbh_fewshot_object_counting_3_exact_match,flexible-extract,norm;bbh_fewshot_penguins_in_"
        "a_table_3_exact_match,strict-match;bbh_fewshot_penguins_in_a_table_3_exact_match,strict-"
        "match,norm;bbh_fewshot_penguins_in_a_table_3_exact_match,flexible-extract;bbh_fewshot_pe"
        "nguins_in_a_table_3_exact_match,flexible-extract,norm;bbh_fewshot_reasoning_about_colore"
        "d_objects_3_exact_match,strict-match;bbh_fewshot_reasoning_about_colored_objects_3_exact"
        "_match,strict-match,norm;bbh_fewshot_reasoning_about_colored_objects_3_exact_match,flexi"
        "ble-extract;bbh_fewshot_reasoning_about_colored_objects_3_exact_match,flexible-extract,n"
        "orm;bbh_fewshot_ruin_names_3_exact_match,strict-match;bbh_fewshot_ruin_names_3_exact_mat"
        "ch,strict-match,norm;bbh_fewshot_ruin_names_3_exact_match,flexible-extract;bbh_fewshot_r"
        "uin_names_3_exact_match,flexible-extract,norm;bbh_fewshot_salient_translation_error_dete"
        "ction_3_exact_match,strict-match;bbh_fewshot_salient_translation_error_detection_3_exact"
        "_match,strict-match,norm;bbh_fewshot_salient_translation_error_detection_3_exact_match,f"
        "lexible-extract;bbh_fewshot_salient_translation_error_detection_3_exact_match,flexible-e"
        "xtract,norm;bbh_fewshot_snarks_3_exact_match,strict-match;bbh_fewshot_snarks_3_exact_mat"
        "ch,strict-match,norm;bbh_fewshot_snarks_3_exact_match,flexible-extract;bbh_fewshot_snark"
        "s_3_exact_match,flexible-extract,norm;bbh_fewshot_sports_understanding_3_exact_match,str"
        "ict-match;bbh_fewshot_sports_understanding_3_exact_match,strict-match,norm;bbh_fewshot_s"
        "ports_understanding_3_exact_match,flexible-extract;bbh_fewshot_sports_understanding_3_ex"
        "act_match,flexible-extract,norm;bbh_fewshot_temporal_sequences_3_exact_match,strict-matc"
        "h;bbh_fewshot_temporal_sequences_3_exact_match,strict-match,norm;bbh_fewshot_temporal_se"
        "quences_3_exact_match,flexible-extract;bbh_fewshot_temporal_sequences_3_exact_match,flex"
        "ible-extract,norm;bbh_fewshot_tracking_shuffled_objects_five_objects_3_exact_match,stric"
        "t-match;bbh_fewshot_tracking_shuffled_objects_five_objects_3_exact_match,strict-match,no"
        "rm;bbh_fewshot_tracking_shuffled_objects_five_objects_3_exact_match,flexible-extract;bbh"
        "_fewshot_tracking_shuffled_objects_five_objects_3_exact_match,flexible-extract,norm;bbh_"
        "fewshot_tracking_shuffled_objects_seven_objects_3_exact_match,strict-match;bbh_fewshot_t"
        "racking_shuffled_objects_seven_objects_3_exact_match,strict-match,norm;bbh_fewshot_track"
        "ing_shuffled_objects_seven_objects_3_exact_match,flexible-extract;bbh_fewshot_tracking_s"
        "huffled_objects_seven_objects_3_exact_match,flexible-extract,norm;bbh_fewshot_tracking_s"
        "huffled_objects_three_objects_3_exact_match,strict-match;bbh_fewshot_tracking_shuffled_o"
        "bjects_three_objects_3_exact_match,strict-match,norm;bbh_fewshot_tracking_shuffled_objec"
        "ts_three_objects_3_exact_match,flexible-extract;bbh_fewshot_tracking_shuffled_objects_th"
        "ree_objects_3_exact_match,flexible-extract,norm;bbh_fewshot_web_of_lies_3_exact_match,st"
        "rict-match;bbh_fewshot_web_of_lies_3_exact_match,strict-match,norm;bbh_fewshot_web_of_li"
        "es_3_exact_match,flexible-extract;bbh_fewshot_web_of_lies_3_exact_match,flexible-extract"
        ",norm;bbh_fewshot_word_sorting_3_exact_match,strict-match;bbh_fewshot_word_sorting_3_exa"
        "ct_match,strict-match,norm;bbh_fewshot_word_sorting_3_exact_match,flexible-extract;bbh_f"
        "ewshot_word_sorting_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_boolean_expressi"
        "ons_3_exact_match,strict-match;bbh_cot_fewshot_boolean_expressions_3_exact_match,strict-"
        "match,norm;bbh_cot_fewshot_boolean_expressions_3_exact_match,flexible-extract;bbh_cot_fe"
        "wshot_boolean_expressions_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_causal_jud"
        "gement_3_exact_match,strict-match;bbh_cot_fewshot_causal_judgement_3_exact_match,strict-"
        "match,norm;bbh_cot_fewshot_causal_judgement_3_exact_match,flexible-extract;bbh_cot_fewsh"
        "ot_causal_judgement_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_date_understandi"
        "ng_3_exact_match,strict-match;bbh_cot_fewshot_date_understanding_3_exact_match,strict-ma"
        "tch,norm;bbh_cot_fewshot_date_understanding_3_exact_match,flexible-extract;bbh_cot_fewsh"
        "ot_date_understanding_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_disambiguation"
        "_qa_3_exact_match,strict-match;bbh_cot_fewshot_disambiguation_qa_3_exact_match,strict-ma"
        "tch,norm;bbh_cot_fewshot_disambiguation_qa_3_exact_match,flexible-extract;bbh_cot_fewsho"
        "t_disambiguation_qa_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_dyck_languages_3"
        "_exact_match,strict-match;bbh_cot_fewshot_dyck_languages_3_exact_match,strict-match,norm"
        ";bbh_cot_fewshot_dyck_languages_3_exact_match,flexible-extract;bbh_cot_fewshot_dyck_lang"
        "uages_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_formal_fallacies_3_exact_match"
        ",strict-match;bbh_cot_fewshot_formal_fallacies_3_exact_match,strict-match,norm;bbh_cot_f"
        "ewshot_formal_fallacies_3_exact_match,flexible-extract;bbh_cot_fewshot_formal_fallacies_"
        "3_exact_match,flexible-extract,norm;bbh_cot_fewshot_geometric_shapes_3_exact_match,stric"
        "t-match;bbh_cot_fewshot_geometric_shapes_3_exact_match,strict-match,norm;bbh_cot_fewshot"
        "_geometric_shapes_3_exact_match,flexible-extract;bbh_cot_fewshot_geometric_shapes_3_exac"
        "t_match,flexible-extract,norm;bbh_cot_fewshot_hyperbaton_3_exact_match,strict-match;bbh_"
        "cot_fewshot_hyperbaton_3_exact_match,strict-match,norm;bbh_cot_fewshot_hyperbaton_3_exac"
        "t_match,flexible-extract;bbh_cot_fewshot_hyperbaton_3_exact_match,flexible-extract,norm;"
        "bbh_cot_fewshot_logical_deduction_five_objects_3_exact_match,strict-match;bbh_cot_fewsho"
        "t_logical_deduction_five_objects_3_exact_match,strict-match,norm;bbh_cot_fewshot_logical"
        "_deduction_five_objects_3_exact_match,flexible-extract;bbh_cot_fewshot_logical_deduction"
        "_five_objects_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_logical_deduction_seve"
        "n_objects_3_exact_match,strict-match;bbh_cot_fewshot_logical_deduction_seven_objects_3_e"
        "xact_match,strict-match,norm;bbh_cot_fewshot_logical_deduction_seven_objects_3_exact_mat"
        "ch,flexible-extract;bbh_cot_fewshot_logical_deduction_seven_objects_3_exact_match,flexib"
        "le-extract,norm;bbh_cot_fewshot_logical_deduction_three_objects_3_exact_match,strict-mat"
        "ch;bbh_cot_fewshot_logical_deduction_three_objects_3_exact_match,strict-match,norm;bbh_c"
        "ot_fewshot_logical_deduction_three_objects_3_exact_match,flexible-extract;bbh_cot_fewsho"
        "t_logical_deduction_three_objects_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_mo"
        "vie_recommendation_3_exact_match,strict-match;bbh_cot_fewshot_movie_recommendation_3_exa"
        "ct_match,strict-match,norm;bbh_cot_fewshot_movie_recommendation_3_exact_match,flexible-e"
        "xtract;bbh_cot_fewshot_movie_recommendation_3_exact_match,flexible-extract,norm;bbh_cot_"
        "fewshot_multistep_arithmetic_two_3_exact_match,strict-match;bbh_cot_fewshot_multistep_ar"
        "ithmetic_two_3_exact_match,strict-match,norm;bbh_cot_fewshot_multistep_arithmetic_two_3_"
        "exact_match,flexible-extract;bbh_cot_fewshot_multistep_arithmetic_two_3_exact_match,flex"
        "ible-extract,norm;bbh_cot_fewshot_navigate_3_exact_match,strict-match;bbh_cot_fewshot_na"
        "vigate_3_exact_match,strict-match,norm;bbh_cot_fewshot_navigate_3_exact_match,flexible-e"
        "xtract;bbh_cot_fewshot_navigate_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_obje"
        "ct_counting_3_exact_match,strict-match;bbh_cot_fewshot_object_counting_3_exact_match,str"
        "ict-match,norm;bbh_cot_fewshot_object_counting_3_exact_match,flexible-extract;bbh_cot_fe"
        "wshot_object_counting_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_penguins_in_a_"
        "table_3_exact_match,strict-match;bbh_cot_fewshot_penguins_in_a_table_3_exact_match,stric"
        "t-match,norm;bbh_cot_fewshot_penguins_in_a_table_3_exact_match,flexible-extract;bbh_cot_"
        "fewshot_penguins_in_a_table_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_reasonin"
        "g_about_colored_objects_3_exact_match,strict-match;bbh_cot_fewshot_reasoning_about_color"
        "ed_objects_3_exact_match,strict-match,norm;bbh_cot_fewshot_reasoning_about_colored_objec"
        "ts_3_exact_match,flexible-extract;bbh_cot_fewshot_reasoning_about_colored_objects_3_exac"
        "t_match,flexible-extract,norm;bbh_cot_fewshot_ruin_names_3_exact_match,strict-match;bbh_"
        "cot_fewshot_ruin_names_3_exact_match,strict-match,norm;bbh_cot_fewshot_ruin_names_3_exac"
        "t_match,flexible-extract;bbh_cot_fewshot_ruin_names_3_exact_match,flexible-extract,norm;"
        "bbh_cot_fewshot_salient_translation_error_detection_3_exact_match,strict-match;bbh_cot_f"
        "ewshot_salient_translation_error_detection_3_exact_match,strict-match,norm;bbh_cot_fewsh"
        "ot_salient_translation_error_detection_3_exact_match,flexible-extract;bbh_cot_fewshot_sa"
        "lient_translation_error_detection_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_sn"
        "arks_3_exact_match,strict-match;bbh_cot_fewshot_snarks_3_exact_match,strict-match,norm;b"
        "bh_cot_fewshot_snarks_3_exact_match,flexible-extract;bbh_cot_fewshot_snarks_3_exact_matc"
        "h,flexible-extract,norm;bbh_cot_fewshot_sports_understanding_3_exact_match,strict-match;"
        "bbh_cot_fewshot_sports_understanding_3_exact_match,strict-match,norm;bbh_cot_fewshot_spo"
        "rts_understanding_3_exact_match,flexible-extract;bbh_cot_fewshot_sports_understanding_3_"
        "exact_match,flexible-extract,norm;bbh_cot_fewshot_temporal_sequences_3_exact_match,stric"
        "t-match;bbh_cot_fewshot_temporal_sequences_3_exact_match,strict-match,norm;bbh_cot_fewsh"
        "ot_temporal_sequences_3_exact_match,flexible-extract;bbh_cot_fewshot_temporal_sequences_"
        "3_exact_match,flexible-extract,norm;bbh_cot_fewshot_tracking_shuffled_objects_five_objec"
        "ts_3_exact_match,strict-match;bbh_cot_fewshot_tracking_shuffled_objects_five_objects_3_e"
        "xact_match,strict-match,norm;bbh_cot_fewshot_tracking_shuffled_objects_five_objects_3_ex"
        "act_match,flexible-extract;bbh_cot_fewshot_tracking_shuffled_objects_five_objects_3_exac"
        "t_match,flexible-extract,norm;bbh_cot_fewshot_tracking_shuffled_objects_seven_objects_3_"
        "exact_match,strict-match;bbh_cot_fewshot_tracking_shuffled_objects_seven_objects_3_exact"
        "_match,strict-match,norm;bbh_cot_fewshot_tracking_shuffled_objects_seven_objects_3_exact"
        "_match,flexible-extract;bbh_cot_fewshot_tracking_shuffled_objects_seven_objects_3_exact_"
        "match,flexible-extract,norm;bbh_cot_fewshot_tracking_shuffled_objects_three_objects_3_ex"
        "act_match,strict-match;bbh_cot_fewshot_tracking_shuffled_objects_three_objects_3_exact_m"
        "atch,strict-match,norm;bbh_cot_fewshot_tracking_shuffled_objects_three_objects_3_exact_m"
        "atch,flexible-extract;bbh_cot_fewshot_tracking_shuffled_objects_three_objects_3_exact_ma"
        "tch,flexible-extract,norm;bbh_cot_fewshot_web_of_lies_3_exact_match,strict-match;bbh_cot"
        "_fewshot_web_of_lies_3_exact_match,strict-match,norm;bbh_cot_fewshot_web_of_lies_3_exact"
        "_match,flexible-extract;bbh_cot_fewshot_web_of_lies_3_exact_match,flexible-extract,norm;"
        "bbh_cot_fewshot_word_sorting_3_exact_match,strict-match;bbh_cot_fewshot_word_sorting_3_e"
        "xact_match,strict-match,norm;bbh_cot_fewshot_word_sorting_3_exact_match,flexible-extract"
        ";bbh_cot_fewshot_word_sorting_3_exact_match,flexible-extract,norm;bbh_fewshot_overall_3_"
        "exact_match,flexible-extract;bbh_cot_fewshot_overall_3_exact_match,flexible-extract;bbh_"
        "fewshot_overall_3_exact_match,strict-match;bbh_cot_fewshot_overall_3_exact_match,strict-"
        "match;bbh_fewshot_overall_3_exact_match,flexible-extract,norm;bbh_cot_fewshot_overall_3_"
        "exact_match,flexible-extract,norm;bbh_fewshot_overall_3_exact_match,strict-match,norm;bb"
        "h_cot_fewshot_overall_3_exact_match,strict-match,norm"
    ),
    "instruct": (
        "Arena-Elo;MTBench;MMLU;ARC-C;HellaSwag;Winogrande;TruthfulQA;GSM8K;HumanEval"
    ),
    "agent": (
        "ABench-OA;ABench-Code_OS;ABench-Code_DB;ABench-Code_KG;ABench-Game_DCG;ABench-Game_LTP;A"
        "Bench-Game_HH;ABench-Web_WS;ABench-Web_WB;ABoard-Embodied AI_ALF_PR;ABoard-Embodied AI_A"
        "LF_SR;ABoard-Embodied AI_SW_PR;ABoard-Embodied AI_SW_SR;ABoard-Embodied AI_BA_PR;ABoard-"
        "Embodied AI_BA_SR;ABoard-Game_JC_PR;ABoard-Game_JC_SR;ABoard-Game_PL_PR;ABoard-Game_PL_S"
        "R;ABoard-Web_WS_PR;ABoard-Web_WS_SR;ABoard-Web_WA_PR;ABoard-Web_WA_SR;ABoard-Tool_TQ_PR;"
        "ABoard-Tool_TQ_SR;ABoard-Tool_TO_PR;ABoard-Tool_TO_SR;ABoard-Avg_PR;ABoard-Avg_SR"
    ),
}


def load_obsscaling(*, table: str = "base", wide: bool = False) -> pd.DataFrame:
    """Observational Scaling Laws (Ruan et al. 2024): LLM x benchmark score tables.

    Parameters
    ----------
    table
        ``"base"`` (default: 148 base models x 8 benchmarks), ``"base_sub_10b"`` (92
        models under 10B), ``"emergent"`` (BIG-bench-style emergent tasks),
        ``"leaderboard_v2"`` (Open LLM Leaderboard v2), ``"post_training"`` (prompting
        techniques on GSM8K/BBH), ``"instruct"`` (27 instruction-tuned models) or
        ``"agent"`` (AgentBench / AgentBoard).
    wide
        If True, one row per model with one column per benchmark (upstream layout,
        metadata columns snake_cased); otherwise long (default).

    Returns
    -------
    pandas.DataFrame
        Long: one row per model x benchmark with a score:

        - ``model`` (str): Hugging Face id or API model name.
        - ``model_family`` (str), ``model_size_b`` (float64, parameters in billions),
          ``pretraining_tokens_t`` (float64, trillions of tokens), ``flops_1e21``
          (float64, training compute in units of 1e21 FLOPs) - only for ``"base"``,
          ``"base_sub_10b"`` and ``"instruct"`` (missing for closed models).
        - ``benchmark`` (str): upstream column name (e.g. ``"MMLU"``, ``"GSM8K"``,
          ``"leaderboard_bbh"``, ``"gsm8k_cot_8_exact_match,strict-match"``).
        - ``score`` (float64): as upstream: fractions in [0, 1], except
          ``ipa_transliterate_2_bleu`` (BLEU, 0-100), AgentBench raw scores and
          AgentBoard percentages, and ``,norm`` columns of ``"post_training"``
          (chance-normalised, can be negative). ``Arena-Elo`` and ``MTBench`` in
          ``"instruct"`` are rescaled to [0, 1] by the authors.

    Notes
    -----
    Missing scores are dropped from the long form. ``base_sub_10b`` is a subset of
    ``base``.
    """
    choose("table", table, _OBS_TABLES)
    path = _OBS_TABLES[table]
    raw = read_csv(_OBS, path, ["Model"])
    meta = [c for c in _OBS_META if c in raw.columns]
    if table in ("base", "base_sub_10b", "instruct"):
        check_columns(raw, list(_OBS_META), _OBS, path)
    candidates = [c for c in raw.columns if c != "Model" and c not in _OBS_META]
    benchmarks = known_columns(candidates, set(_OBS_SCORES[table].split(";")), _OBS, path)
    columns: dict[str, pd.Series] = {"model": raw["Model"].astype(str)}
    for c in meta:
        columns[_OBS_META[c]] = (raw[c].astype(object) if c == "Model Family"
                                 else to_number(raw[c], dataset=_OBS, path=path, column=c))
    for c in benchmarks:
        columns[c] = to_number(raw[c], dataset=_OBS, path=path, column=c)
    frame = pd.DataFrame(columns)
    if wide:
        return frame
    ids = ["model", *[_OBS_META[c] for c in meta]]
    long = long_from_wide(frame, ids, benchmarks, "benchmark", "score")
    long["model"] = long["model"].astype(object)
    return long


INFO = DatasetInfo(
    name="obsscaling",
    **describe(__doc__),
    license="Apache-2.0",
    license_note=(
        "Repository LICENSE is Apache-2.0. Standard benchmark numbers were taken from the "
        "Open LLM Leaderboard, whose terms apply."
    ),
    citation=(
        "Y. Ruan, C. J. Maddison, T. Hashimoto. Observational Scaling Laws and the "
        "Predictability of Language Model Performance. NeurIPS 2024. arXiv:2405.10938."
    ),
    bibkey="ruan2024observational",
    related_bibkeys=(),
    loader="load_obsscaling",
    loaders=(
        LoaderSpec("load_obsscaling", "table", {
            t: ("model", "benchmark") for t in _OBS_TABLES}),
    ),
)
