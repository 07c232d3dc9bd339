"""Build the data registry (``datasets.toml`` + ``files.csv``) from the staged SOURCE.md notes.

Usage::

    python scripts/build_registry.py [--data /work/shared/data]

Every URL, size and sha256 comes from the ``File inventory`` and ``Raw-file URLs`` sections
of ``<data>/<dataset>/SOURCE.md``; sizes and hashes are re-checked against the staged
files. Titles and commits are parsed too; the prose fields (description, license, citation,
bibtex key, loader) are kept in ``METADATA`` below. Derived tables get a content hash
computed from the staged copy. Re-run after any SOURCE.md change and review the diff.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.data import imagenetv2 as inv2  # noqa: E402
from analysis.data._content import table_content_sha256  # noqa: E402

REGISTRY = ROOT / "src" / "analysis" / "data" / "registry"
NONE_LICENSE = "none (cite, never redistribute)"
RAW = "https://raw.githubusercontent.com/"

METADATA: dict[str, dict] = {
    "aiid": dict(
        description="Snapshot (early 2026) of the AI Incident Database: 1,367 incidents with their MIT AI Risk Repository, GMF and CSET v1 taxonomy classifications. Incident dates run from 1983 to 2026; the news reports themselves are not included.",
        license="CC-BY-SA-4.0",
        license_note="The database is shared under CC BY-SA 4.0 (report contents keep their own rights). Share-alike: tables derived from it and published must be CC BY-SA 4.0 and attributed to the AI Incident Database. The files come from a third-party repository that committed an official AIID snapshot verbatim.",
        citation="S. McGregor. Preventing Repeated Real World AI Failures by Cataloging Incidents: The AI Incident Database. IAAI-21 (AAAI 2021). arXiv:2011.08512.",
        bibkey="mcgregor2021preventing",
    ),
    "benchbench-ibm": dict(
        description="Aggregated snapshots (2024) of about 40 LLM leaderboards (Chatbot Arena, HELM, Open LLM Leaderboard v1/v2, LiveBench, MixEval, OpenCompass, AlpacaEval, ...) collected by IBM's BenchBench for benchmark agreement testing.",
        license="Apache-2.0",
        license_note="The repository's LICENCE file is Apache-2.0 (its README says MIT). The numbers were scraped from public leaderboards, whose terms apply.",
        citation="Y. Perlitz, A. Gera, O. Arviv, A. Yehudai, E. Bandel, E. Shnarch, M. Shmueli-Scheuer, L. Choshen. Do These LLM Benchmarks Agree? Fixing Benchmark Evaluation with BenchBench. arXiv:2407.13696, 2024.",
        bibkey="perlitz2024benchbench",
    ),
    "benchbench-zhang-hardt": dict(
        description="Multi-task leaderboards (HELM, HEIM, GLUE, SuperGLUE, MTEB, VTAB, BigCode, BBH, Open LLM Leaderboard, per-subject MMLU, torchvision ImageNet per-class accuracy) used to study the trade-off between diversity and stability of benchmarks.",
        license="MIT",
        license_note="Repository LICENSE.txt is MIT. The numbers were scraped from public leaderboards, whose terms apply.",
        citation="G. Zhang, M. Hardt. Inherent Trade-Offs between Diversity and Stability in Multi-Task Benchmarks. ICML 2024. arXiv:2405.01719.",
        bibkey="zhang2024inherent",
    ),
    "benchrisk": dict(
        description="BenchRisk v0.5.2: a registry of 57 benchmark failure modes and 197 mitigations, and the per-benchmark scoring sheets of 27 benchmarks, used to score how likely a benchmark is to lead its users to unsupported conclusions.",
        license="MIT",
        license_note="Repository LICENSE is MIT (Copyright 2025 AI Verification and Evaluation Research Institute, Sean McGregor, Timothy Lin).",
        citation="S. McGregor et al. Risk Management for Mitigating Benchmark Failure Modes: BenchRisk. NeurIPS 2025 Datasets and Benchmarks. arXiv:2510.21460.",
        bibkey="mcgregor2025benchrisk",
    ),
    "chembench-irt": dict(
        description="Binary correctness matrix of 22 LLMs (and one tool-augmented agent) on the 2,854 ChemBench questions, with model scores and ChemBench difficulty labels; question ids are positions only.",
        license="MIT",
        license_note="Repository LICENSE is MIT (Copyright 2025 irt-on-bench maintainers). The underlying results are ChemBench's: cite both.",
        citation="M. Schilling-Wilhelmi, N. Alampara, K. M. Jablonka. irt-on-bench (software), 2025. https://github.com/lamalab-org/irt-on-bench. Data: A. Mirza, N. Alampara, S. Kunchapu, et al. Are large language models superhuman chemists? arXiv:2404.01475, 2024.",
        bibkey="schillingwilhelmi2025irt",
        related_bibkeys=["mirza2024chembench"],
    ),
    "cifar10.1": dict(
        description="Per-image predicted classes of 30 CIFAR-10 models on the original CIFAR-10 test set and on the re-collected CIFAR-10.1 v4 and v6 test sets, with the CIFAR-10.1 labels. The original CIFAR-10 test labels are not included.",
        license="MIT",
        license_note="MIT covers the code and the model predictions. The two label files come from the repository's datasets folder, which the MIT license explicitly does not cover: they follow the Tiny Images terms.",
        citation="B. Recht, R. Roelofs, L. Schmidt, V. Shankar. Do CIFAR-10 Classifiers Generalize to CIFAR-10? arXiv:1806.00451, 2018.",
        bibkey="recht2018cifar",
    ),
    "correlated-errors": dict(
        description="Pairwise error agreement of 71 LLMs on HELM MMLU (agreement overall, when either is wrong, when both are wrong), with per-model accuracy and metadata, plus Hugging Face leaderboard accuracies.",
        license=NONE_LICENSE,
        license_note="The repository has no LICENSE file: the data are downloaded from upstream, used with citation, and never redistributed.",
        citation="E. M. Kim, A. Garg, K. Peng, N. Garg. Correlated Errors in Large Language Models. ICML 2025, PMLR 267:30038-30066. arXiv:2506.07962.",
        bibkey="kim2025correlated",
    ),
    "epoch-benchmarks": dict(
        description="Epoch AI Benchmarking Hub runs (GPQA diamond, MATH level 5, OTIS Mock AIME, FrontierMath, SWE-bench Verified; with standard errors and reasoning-effort variants), 37 external leaderboards Epoch collected, and release dates of 574 model versions.",
        license="MIT",
        license_note="Repository LICENSE is MIT (Copyright 2025 Epoch AI). Epoch's website states its Benchmarking Hub data are CC BY 4.0 (not verified from the repository): cite Epoch AI.",
        citation="Epoch AI. A Rosetta Stone for AI Benchmarks. 2025. https://github.com/epoch-research/benchmark-stitching.",
        bibkey="epoch2025rosetta",
    ),
    "gsm1k": dict(
        description="The GSM8k minus GSM1k accuracy gap of 52 LLMs, the average character-normalised log-likelihood 56 LLMs assign to GSM8k test items (upstream repeats some rows verbatim: 58 and 59 rows), and the 50 public GSM1k problems.",
        license="MIT",
        license_note="Repository LICENSE.md is MIT (Copyright 2024 Scale AI). The full GSM1k set is withheld by its authors.",
        citation="H. Zhang, J. Da, D. Lee, V. Robinson, C. Wu, W. Song, T. Zhao, P. Raja, D. Slack, Q. Lyu, S. Hendryx, R. Kaplan, M. Lunati, S. Yue. A Careful Examination of Large Language Model Performance on Grade School Arithmetic. arXiv:2405.00332, 2024.",
        bibkey="zhang2024careful",
    ),
    "imagenet-testbed": dict(
        description="Top-1 accuracy (percent) of 338 ImageNet models on 213 evaluation settings: ImageNet val, ImageNetV2, ObjectNet, ImageNet-A/R/Sketch, video robustness sets, ImageNet-C corruptions and adversarial attacks; plus the model categories used in the paper's plots.",
        license="MIT",
        license_note="Repository LICENSE is MIT (Copyright 2020 Taori, Dave, Shankar, Carlini, Recht, Schmidt). The image datasets have their own terms; only accuracy numbers are used. model_types.csv is derived here by parsing plotting/model_types.py.",
        citation="R. Taori, A. Dave, V. Shankar, N. Carlini, B. Recht, L. Schmidt. Measuring Robustness to Natural Distribution Shifts in Image Classification. NeurIPS 2020. arXiv:2007.00644.",
        bibkey="taori2020measuring",
    ),
    "imagenetv2": dict(
        title="Per-item predictions of 64 models on ImageNet val and the three ImageNetV2 test sets (derived)",
        description="Per-image top-1 and top-5 correctness and top-1 predicted class of 64 ImageNet models on the original ImageNet validation set (50,000 images) and the three ImageNetV2 test sets (MatchedFrequency, Threshold0.7, TopImages; 10,000 images each), derived from the upstream raw prediction arrays. The upstream Fisher-vector baselines (fv_*) are left out: their names differ between test sets, and fv_16k's accuracy collapses to near chance on the ImageNetV2 sets alone, which points to a label mismatch rather than a real drop.",
        license="MIT",
        license_note="MIT covers the repository's code and model predictions; the README says it does not cover the image data (no images are used here).",
        citation="B. Recht, R. Roelofs, L. Schmidt, V. Shankar. Do ImageNet Classifiers Generalize to ImageNet? ICML 2019, PMLR 97:5389-5400. arXiv:1902.10811.",
        bibkey="recht2019imagenet",
    ),
    "metr-time-horizon": dict(
        description="METR agent runs (a pre-publication February 2025 file: 7,063 runs on 83 tasks, 10 models plus human baselines) with human task lengths, task messiness annotations, model release dates, and METR's published 50%/80% time horizons with confidence intervals (Time Horizon 1.0 and 1.1).",
        license=NONE_LICENSE,
        license_note="Neither METR/eval-analysis-public nor IAPS-AI/METR-Time-Horizons has a license file; METR asks for citation. The run file is not the one behind the paper's headline numbers.",
        citation="T. Kwa, B. West, J. Becker, A. Deng, K. Garcia, M. Hasin, S. Jawhar, M. Kinniment, N. Rush, S. Von Arx, et al. Measuring AI Ability to Complete Long Tasks. arXiv:2503.14499, 2025.",
        bibkey="kwa2025measuring",
    ),
    "nlu-irt": dict(
        description="Per-item 0/1 responses of 18 transformer models, each at 5 pre-training data sizes, on 29 natural-language-understanding test sets: the response matrices behind an item-response-theory comparison of test sets.",
        license=NONE_LICENSE,
        license_note="The repository has no LICENSE file and its README states no license: the data are downloaded from upstream, used with citation, and never redistributed.",
        citation="C. Vania, P. M. Htut, W. Huang, D. Mungra, R. Y. Pang, J. Phang, H. Liu, K. Cho, S. R. Bowman. Comparing Test Sets with Item Response Theory. ACL-IJCNLP 2021, pp. 1141-1158. arXiv:2106.00840.",
        bibkey="vania2021comparing",
    ),
    "obsscaling": dict(
        description="Benchmark scores of 148 pretrained base LLMs on 8 standard benchmarks with model size, training tokens and compute, plus emergent-capability tasks, Open LLM Leaderboard v2, prompting-technique results and instruction-tuned/agent evaluations.",
        license="Apache-2.0",
        license_note="Repository LICENSE is Apache-2.0. Standard benchmark numbers were taken from the Open LLM Leaderboard, whose terms apply.",
        citation="Y. Ruan, C. J. Maddison, T. Hashimoto. Observational Scaling Laws and the Predictability of Language Model Performance. NeurIPS 2024. arXiv:2405.10938.",
        bibkey="ruan2024observational",
    ),
    "safetywashing": dict(
        description="Scores of 27 base and 26 chat LLMs on about 175 capability and safety benchmarks, with benchmark metadata, for measuring how strongly safety benchmarks correlate with general capabilities.",
        license="MIT",
        license_note="Repository LICENSE is MIT (Copyright 2024 centerforaisafety).",
        citation="R. Ren, S. Basart, A. Khoja, A. Gatti, L. Phan, X. Yin, M. Mazeika, A. Pan, G. Mukobi, R. H. Kim, S. Fitz, D. Hendrycks. Safetywashing: Do AI Safety Benchmarks Actually Measure Safety Progress? NeurIPS 2024 Datasets and Benchmarks. arXiv:2407.21792.",
        bibkey="ren2024safetywashing",
    ),
}

# Loaders that live outside loaders.py (derived data).
LOADERS = {"imagenetv2": "load_imagenetv2", "imagenet-testbed": "load_imagenet_testbed"}

INVENTORY = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|(.*)\|\s*$")
URL_LINE = re.compile(r"^-\s*`([^`]+)`\s*<-\s*(\S+)")
HEX64 = re.compile(r"`([0-9a-f]{64})`")
COMMIT = re.compile(r"^https://raw\.githubusercontent\.com/([^/]+)/([^/]+)/([0-9a-f]{40})/")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def loader_name(dataset: str) -> str:
    return LOADERS.get(dataset, "load_" + re.sub(r"\W", "_", dataset.replace("-", "_")))


def parse_source(text: str) -> dict:
    """Title, inventory rows and URLs of one SOURCE.md (raw-sample rows kept apart)."""
    title = text.splitlines()[0].split("—", 1)[1].strip()
    title = title[0].upper() + title[1:]
    files: dict[str, dict] = {}
    sample: dict[str, dict] = {}
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:]
        rows = sample if section.startswith("raw-sample") else files
        if m := INVENTORY.match(line):
            cells = [c.strip() for c in m.group(3).split("|")]
            sha = next(h for c in cells if (h := (HEX64.search(c) or [None, None])[1]))
            url = next((c for c in cells if c.startswith("https://")), "")
            rows.setdefault(m.group(1), {}).update(bytes=int(m.group(2)), sha256=sha, url=url)
        elif m := URL_LINE.match(line):
            rows.setdefault(m.group(1), {})["url"] = m.group(2)
    return {"title": title, "files": files, "sample": sample}


def build(data: Path) -> tuple[list[dict], dict[str, dict]]:
    rows: list[dict] = []
    meta: dict[str, dict] = {}
    folders = sorted(p.name for p in data.iterdir() if (p / "SOURCE.md").is_file())
    if set(folders) != set(METADATA):
        raise SystemExit(f"datasets without METADATA or folder: {set(folders) ^ set(METADATA)}")
    for name in folders:
        folder = data / name
        src = parse_source((folder / "SOURCE.md").read_text("utf-8"))
        staged = {
            p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.name != "SOURCE.md" and not p.relative_to(folder).as_posix().startswith("raw-sample/")
        }
        if staged != set(src["files"]):
            raise SystemExit(f"{name}: SOURCE.md inventory differs from the staged files: "
                             f"{sorted(staged ^ set(src['files']))}")
        for path, f in sorted(src["files"].items()):
            actual = folder / path
            if actual.stat().st_size != f["bytes"] or sha256_file(actual) != f["sha256"]:
                raise SystemExit(f"{name}/{path}: staged file does not match SOURCE.md")
            derived = f["url"] == "DERIVED"
            if not derived and not f["url"].startswith(RAW):
                raise SystemExit(f"{name}/{path}: no raw URL in SOURCE.md")
            rows.append(dict(dataset=name, path=path, url="" if derived else f["url"],
                             sha256=f["sha256"], bytes=f["bytes"],
                             kind="derived" if derived else "upstream",
                             derived_from="", content_sha256=""))
        if name == "imagenetv2":
            rows += imagenetv2_rows(folder, src["sample"], rows)
        if name == "imagenet-testbed":
            testbed_rows(folder, rows)
        urls = [r["url"] for r in rows if r["dataset"] == name and r["url"]]
        repos, commits = [], []
        for u in urls:
            owner, repo, commit = COMMIT.match(u).groups()
            if f"https://github.com/{owner}/{repo}" not in repos:
                repos.append(f"https://github.com/{owner}/{repo}")
            if commit not in commits:
                commits.append(commit)
        m = METADATA[name]
        meta[name] = dict(title=m.get("title", src["title"]), description=m["description"], repositories=repos,
                          commits=commits, license=m["license"], license_note=m["license_note"],
                          citation=m["citation"], bibkey=m["bibkey"],
                          related_bibkeys=m.get("related_bibkeys", []), loader=loader_name(name))
    return rows, meta


def imagenetv2_rows(folder: Path, sample: dict[str, dict], rows: list[dict]) -> list[dict]:
    """Raw upstream files behind the derived ImageNetV2 tables + their content hashes."""
    commit = {COMMIT.match(f["url"]).group(3) for f in sample.values()}
    (commit,) = commit
    base = f"{RAW}modestyachts/ImageNetV2/{commit}/data"
    for path, f in sample.items():  # verify the staged sample against SOURCE.md
        if sha256_file(folder / "raw-sample" / path) != f["sha256"]:
            raise SystemExit(f"imagenetv2/raw-sample/{path} does not match SOURCE.md")
    hashes = inv2.staged_content_hashes(folder)
    n_models = 0
    for r in rows:
        if r["dataset"] == "imagenetv2" and r["path"] in hashes:
            r["content_sha256"] = hashes[r["path"]]
            r["derived_from"] = ("raw/<testset>.json; raw/predictions/<testset>/<model>.npy; "
                                 "class_info.json")
        elif r["dataset"] == "imagenetv2" and r["kind"] == "derived":
            r["derived_from"] = "; ".join(inv2.derived_path(k) for k in ("top1_correct", "top5_correct"))
    models = [c for c in pd.read_parquet(folder / inv2.derived_path("top1_correct")).columns
              if c not in inv2.KEY_COLUMNS and not c.startswith("fv_")]
    n_models = len(models)
    out = []
    for t in inv2.IMAGENETV2_TESTSETS:
        f = sample[f"{t}.json"]
        out.append(dict(dataset="imagenetv2", path=inv2.raw_ground_truth_path(t),
                        url=f"{base}/datasets/{t}.json", sha256=f["sha256"], bytes=f["bytes"],
                        kind="upstream", derived_from="", content_sha256=""))
        for m in sorted(models):
            f = sample.get(f"predictions/{t}/{m}.npy", {})
            url = f"{base}/predictions/{t}/{m}.npy"
            if f and f["url"] != url:
                raise SystemExit(f"unexpected raw-sample URL {f['url']}")
            out.append(dict(dataset="imagenetv2", path=inv2.raw_prediction_path(t, m), url=url,
                            sha256=f.get("sha256", ""), bytes=f.get("bytes", 0), kind="upstream",
                            derived_from="", content_sha256=""))
    print(f"imagenetv2: {n_models} models, {len(out)} raw files", file=sys.stderr)
    return out


def testbed_rows(folder: Path, rows: list[dict]) -> None:
    """Register upstream plotting/model_types.py (sha256 unknown) and hash model_types.csv."""
    (results,) = [r for r in rows if r["dataset"] == "imagenet-testbed" and r["kind"] == "upstream"]
    commit = COMMIT.match(results["url"]).group(3)
    rows.append(dict(dataset="imagenet-testbed", path="plotting/model_types.py",
                     url=f"{RAW}modestyachts/imagenet-testbed/{commit}/plotting/model_types.py",
                     sha256="", bytes=0, kind="upstream", derived_from="", content_sha256=""))
    table = pd.read_csv(folder / "model_types.csv", keep_default_na=False)
    for r in rows:
        if r["dataset"] == "imagenet-testbed" and r["path"] == "model_types.csv":
            r["derived_from"] = "plotting/model_types.py; robustness_top1s.csv"
            r["content_sha256"] = table_content_sha256(table)


def toml_string(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(toml_string(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def write(rows: list[dict], meta: dict[str, dict], out: Path = REGISTRY) -> None:
    out.mkdir(parents=True, exist_ok=True)
    lines = ["# Generated by scripts/build_registry.py from the staged SOURCE.md notes: do not edit.",
             "# One table per dataset; its files are in files.csv.", ""]
    for name, m in meta.items():
        lines.append(f"[{toml_string(name)}]")
        lines += [f"{k} = {toml_string(v)}" for k, v in m.items()]
        lines.append("")
    (out / "datasets.toml").write_text("\n".join(lines), encoding="utf-8")
    fields = ["dataset", "path", "url", "sha256", "bytes", "kind", "derived_from", "content_sha256"]
    rows = sorted(rows, key=lambda r: (r["dataset"], r["path"]))
    with open(out / "files.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path("/work/shared/data"),
                    help="folder holding the staged data and their SOURCE.md notes")
    ap.add_argument("--out", type=Path, default=REGISTRY, help="output folder")
    args = ap.parse_args()
    rows, meta = build(args.data)
    write(rows, meta, args.out)
    print(f"{len(meta)} datasets, {len(rows)} files -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
