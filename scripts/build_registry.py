"""Build the file registry (``registry/files.csv``) from the staged SOURCE.md notes.

Usage::

    python scripts/build_registry.py [--data FOLDER]

``FOLDER`` defaults to ``$ANALYSIS_DATA_DIR``, else ``../shared/data`` next to the project.
Every URL, size and sha256 comes from the ``File inventory`` and ``Raw-file URLs`` sections
of ``<data>/<dataset>/SOURCE.md``; sizes and hashes are re-checked against the staged
files. Derived tables get a content hash computed from the staged copy. Re-run after any
SOURCE.md change and review the diff.

Only machine-checked data are generated here. The prose of each dataset (title,
description, license, citation, bibtex keys) is hand-edited in one place, its module
``src/analysis/data/datasets/<name>.py``, and never written by this script.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.data._content import table_content_sha256  # noqa: E402
from analysis.data.datasets import MODULES  # noqa: E402
from analysis.data.datasets import imagenetv2 as inv2  # noqa: E402

REGISTRY = ROOT / "src" / "analysis" / "data" / "registry"
RAW = "https://raw.githubusercontent.com/"
FIELDS = ["dataset", "path", "url", "sha256", "bytes", "kind", "derived_from", "content_sha256"]

INVENTORY = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|(.*)\|\s*$")
URL_LINE = re.compile(r"^-\s*`([^`]+)`\s*<-\s*(\S+)")
HEX64 = re.compile(r"`([0-9a-f]{64})`")
COMMIT = re.compile(r"^https://raw\.githubusercontent\.com/([^/]+)/([^/]+)/([0-9a-f]{40})/")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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


def default_data() -> Path:
    """``$ANALYSIS_DATA_DIR``, else the staged copy in ``../shared/data`` beside the project."""
    env = os.environ.get("ANALYSIS_DATA_DIR")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def build(data: Path) -> list[dict]:
    """Every registered file of every staged dataset, as rows of ``files.csv``."""
    rows: list[dict] = []
    folders = sorted(p.name for p in data.iterdir() if (p / "SOURCE.md").is_file())
    if set(folders) != set(MODULES):
        raise SystemExit(f"staged folders without a dataset module, or modules without a "
                         f"staged folder: {sorted(set(folders) ^ set(MODULES))}")
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
    return rows


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
            r["derived_from"] = "; ".join(inv2.derived_path(k)
                                          for k in ("top1_correct", "top5_correct"))
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


def write(rows: list[dict], out: Path = REGISTRY) -> None:
    """Write ``files.csv`` into ``out``, rows sorted by dataset and path."""
    out.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda r: (r["dataset"], r["path"]))
    with open(out / "files.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=None,
                    help="folder holding the staged data and their SOURCE.md notes "
                         "(default: $ANALYSIS_DATA_DIR, else ../shared/data)")
    ap.add_argument("--out", type=Path, default=REGISTRY, help="output folder")
    args = ap.parse_args()
    rows = build(args.data or default_data())
    write(rows, args.out)
    n = len({r["dataset"] for r in rows})
    print(f"{n} datasets, {len(rows)} files -> {args.out / 'files.csv'}", file=sys.stderr)


if __name__ == "__main__":
    main()
