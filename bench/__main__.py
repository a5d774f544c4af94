from __future__ import annotations

import argparse
import json
import sys

from bench import (
    advance_step,
    agenda_export,
    applicant_search,
    catalog_search,
    depreciation,
    intake,
    labels,
    letter_numbering,
    queues,
    startup,
)

BENCHES = {"startup": startup.run, "catalog_search": catalog_search.run,
           "applicant_search": applicant_search.run, "intake": intake.run, "queues": queues.run,
           "advance_step": advance_step.run, "letter_numbering": letter_numbering.run,
           "agenda_export": agenda_export.run, "labels": labels.run,
           "depreciation": depreciation.run}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("name", choices=sorted(BENCHES))
    parser.add_argument("--db", metavar="URL", default=None,
                        help="database URL (default: a fresh embedded SQLite file)")
    parser.add_argument("--quick", action="store_true", help="small size, well under a minute")
    args = parser.parse_args()
    result = BENCHES[args.name](db_url=args.db, quick=args.quick)
    print(json.dumps(result, ensure_ascii=False))
    return 0


sys.exit(main())
