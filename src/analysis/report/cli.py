"""Command line: ``python -m analysis report RESULTS`` (also ``eval-science RESULTS``).

Writes one self-contained HTML report (and, with ``--json``, the numbers). Exit status 0
when the report was written, 2 for bad input or a refused overwrite (the message on
stderr, no traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .readers import InputError

__all__ = ["main", "build_parser"]

_EPILOG = """\
input: a long table with one row per model, item (and run), as CSV, TSV or Parquet;
an lm-evaluation-harness samples_*.jsonl (--log_samples); an Inspect .eval/.json log
(needs pip install 'eval-science[inspect]'); an every_eval_ever instance-level
<uuid>_samples.jsonl (read from its published schema, v0.3.0; the package is not needed,
so it also covers Inspect, HELM and lm-eval runs converted with it). Columns are detected from common names
(model; item, question_id, sample_id, doc_id; score, correct, is_correct; category,
subject; run, epoch) or named with the flags.

exit status: 0 written, 2 bad input or existing output without --force.
"""


def build_parser(prog: str = "python -m analysis report") -> argparse.ArgumentParser:
    """The argument parser of the ``report`` command."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Write a reliability report (HTML) for per-item evaluation results.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("results", nargs="+", help="results file(s) of one kind")
    parser.add_argument("-o", "--output", help="HTML file to write (default: <results>.report.html "
                        "in the current folder)")
    parser.add_argument("--json", nargs="?", const="", metavar="PATH",
                        help="also write the numbers as JSON (default path: the HTML's with .json; "
                        "'-' for stdout)")
    parser.add_argument("--force", action="store_true", help="overwrite existing output files")
    names = parser.add_argument_group("columns (default: detected from common names)")
    for role in ("model", "item", "score", "cluster", "run"):
        names.add_argument(f"--{role}", metavar="COLUMN",
                           help=f"column of the {role}" + (" ('' for none)" if role in ("cluster", "run") else ""))
    parser.add_argument("--format", default="auto", choices=["auto", "table", "lm-eval", "inspect", "eee"],
                        help="input kind (default: from the file suffix and content; eee: "
                        "every_eval_ever)")
    parser.add_argument("--metric", help="logs: the per-sample metric (lm-eval: e.g. acc, or "
                        "exact_match,strict-match with its filter), the scorer (Inspect), or an "
                        "evaluation_result_id or evaluation_name (every_eval_ever)")
    parser.add_argument("--model-name", help="lm-eval samples: the model's name (default: the folder)")
    parser.add_argument("--common-items", action="store_true",
                        help="analyse only the items every model was scored on")
    parser.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    parser.add_argument("--resamples", type=int, default=2000, help="bootstrap resamples (default 2000)")
    parser.add_argument("--confidence", type=float, default=0.95, help="interval coverage (default 0.95)")
    parser.add_argument("--irt", choices=["auto", "yes", "no"], default="auto",
                        help="2PL item analysis (auto: 0/1 scores and at least 20 models)")
    parser.add_argument("--engine", choices=["memory", "dask"], default="memory",
                        help="memory (default): the whole report in this process; dask: one "
                        "partitioned Parquet dataset of scores in [0, 1] read with Dask: scores, "
                        "intervals, ranks, paired comparisons and tiers (no item statistics or "
                        "IRT), the same numbers as --resampling poisson in memory")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="--engine dask: a Dask scheduler (tcp://HOST:PORT; default: a "
                        "local cluster)")
    parser.add_argument("--resampling", choices=["multinomial", "poisson"], default="multinomial",
                        help="bootstrap of the in-memory engine (default multinomial; poisson: "
                        "the weights of --engine dask)")
    parser.add_argument("--title", help="title of the report")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    return parser


def _error(message: str) -> int:
    print(f"error: {message}", file=sys.stderr, flush=True)
    return 2


def main(argv: list[str] | None = None, *, prog: str | None = None) -> int:
    """Run the ``report`` command; return the exit status.

    ``eval-science RESULTS`` and ``eval-science report RESULTS`` are the same.
    """
    from . import make_report

    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:
        argv = argv[1:]
    if prog is None:
        prog = "eval-science" if Path(sys.argv[0]).name.startswith("eval-science") else "python -m analysis report"
    args = build_parser(prog).parse_args(argv)
    if not 0 < args.confidence < 1:
        return _error(f"--confidence must be strictly between 0 and 1 (e.g. 0.95); got {args.confidence}")
    if args.resamples < 100:
        return _error(f"--resamples must be at least 100; got {args.resamples}")
    first = Path(args.results[0])
    output = Path(args.output) if args.output else Path(first.name.split(".")[0] + ".report.html")
    json_path = None
    if args.json is not None:
        json_path = args.json or str(output.with_suffix(".json"))
    try:
        report = make_report(
            args.results, output=output, json_path=json_path, force=args.force,
            model=args.model, item=args.item, score=args.score, cluster=args.cluster, run=args.run,
            fmt=args.format, metric=args.metric, model_name=args.model_name,
            common_items=args.common_items, seed=args.seed, n_resamples=args.resamples,
            confidence=args.confidence, irt={"auto": None, "yes": True, "no": False}[args.irt],
            title=args.title, progress=not args.no_progress, engine=args.engine,
            resampling=args.resampling, scheduler=args.scheduler)
    except (InputError, FileExistsError) as exc:
        return _error(str(exc))
    if not args.quiet:
        stream = sys.stderr if json_path == "-" else sys.stdout
        for sentence in report.summary:
            print(sentence, file=stream)
        print(f"report written to {output}" + (f" and {json_path}" if json_path not in (None, "-") else ""),
              file=stream)
    return 0


if __name__ == "__main__":
    sys.exit(main())
