"""Build scanner/frameworks/*.yaml (ids and titles only) from ../shared/frameworks.

Run: python tools/build_catalogs.py [SHARED_FRAMEWORKS_DIR]
The output is committed; re-run only when the shared catalogs change.

ISO/IEC 27001:2013 and NIST CSF 1.1 are *derived* frameworks: their catalogs (ids and
titles) are written like the others, and ``derived.yaml`` records the official
correspondence to the edition checks map to (ISO/IEC 27002:2022 Annex B; CSF 1.1 -> 2.0
lineage from NIST's CSF 2.0 references). complyscan derives the old ids from it at run time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "scanner" / "frameworks"


def _write(fid: str, meta: dict[str, Any], controls: list[dict[str, Any]]) -> None:
    doc = {"id": fid, **meta, "controls": controls}
    path = OUT / f"{fid}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120))
    print(f"{path.relative_to(ROOT)}: {len(controls)} controls")


#: ISO/IEC 27001:2013 Annex A clause titles (the group of each 2013 control).
ISO_2013_CLAUSES = {
    "A.5": "Information security policies",
    "A.6": "Organization of information security",
    "A.7": "Human resource security",
    "A.8": "Asset management",
    "A.9": "Access control",
    "A.10": "Cryptography",
    "A.11": "Physical and environmental security",
    "A.12": "Operations security",
    "A.13": "Communications security",
    "A.14": "System acquisition, development and maintenance",
    "A.15": "Supplier relationships",
    "A.16": "Information security incident management",
    "A.17": "Information security aspects of business continuity management",
    "A.18": "Compliance",
}


def _iso_2013(src: Path, iso_2022: set[str]) -> dict[str, Any]:
    """Write the 2013 catalog; return its derivation entry (2013 id -> 2022 ids).

    Table B.2 (2013 -> 2022) must be the exact inverse of Table B.1 (2022 -> 2013).
    """
    doc = json.loads((src / "iso27001/iso27001-2013-to-2022.json").read_text())
    forward = {m["iso27001_2013"]: list(m["iso27001_2022"]) for m in doc["mappings_2013_to_2022"]}
    backward = {
        (old, m["iso27001_2022"]) for m in doc["mappings_2022_to_2013"] for old in m["from_2013"]
    }
    pairs = {(old, new) for old, news in forward.items() for new in news}
    if pairs != backward:
        raise SystemExit(f"2013<->2022 tables disagree: {sorted(pairs ^ backward)}")
    unknown = {new for _, new in pairs} - iso_2022
    if unknown:
        raise SystemExit(f"2013 controls map to ids missing from the 2022 catalog: {unknown}")
    _write(
        "iso27001-2013",
        {
            "name": "ISO/IEC 27001:2013 Annex A (derived from 2022)",
            "version": "2013",
            "copyright": "(c) ISO/IEC. Control ids and titles only.",
            "derived_from": "iso27001-2022",
        },
        [
            {
                "id": m["iso27001_2013"],
                "title": m["title_2013"],
                "group": ISO_2013_CLAUSES[".".join(m["iso27001_2013"].split(".")[:2])],
            }
            for m in doc["mappings_2013_to_2022"]
        ],
    )
    return {
        "base": "iso27001-2022",
        "edition": "2013",
        "base_edition": "2022",
        "source": "ISO/IEC 27002:2022 Annex B, Tables B.1/B.2 (control-level correspondence)",
        "related": forward,
    }


def _csf_1_1(src: Path, csf_2_0: set[str]) -> dict[str, Any]:
    """Write the CSF 1.1 catalog; return its derivation entry (1.1 id -> 2.0 ids).

    ``csf2_related`` also names a few 2.0 *categories* (GV.PO, ID.IM, ...); derivation works
    on subcategories only, so those references are dropped (and printed).
    """
    doc = json.loads((src / "nist-csf/nist-csf-1.1.json").read_text())
    cats = {c["id"]: c["name"] for c in doc["categories"]}
    related: dict[str, list[str]] = {}
    for sub in doc["subcategories"]:
        related[sub["id"]] = [r for r in sub["csf2_related"] if r in csf_2_0]
        dropped = [r for r in sub["csf2_related"] if r not in csf_2_0]
        if dropped:
            print(f"nist-csf-1.1 {sub['id']}: not a CSF 2.0 subcategory, dropped: {dropped}")
    _write(
        "nist-csf-1.1",
        {
            "name": "NIST Cybersecurity Framework 1.1 (derived from 2.0)",
            "version": "1.1",
            "copyright": "NIST",
            "derived_from": "nist-csf-2.0",
        },
        [
            {"id": s["id"], "title": s["statement"], "group": cats.get(s["category"], "")}
            for s in doc["subcategories"]
        ],
    )
    return {
        "base": "nist-csf-2.0",
        "edition": "1.1",
        "base_edition": "2.0",
        "source": "NIST CSF 2.0 Reference Tool: CSF 2.0 elements whose informative references "
        "cite the CSF 1.1 subcategory (nist-csf-1.1.json csf2_related)",
        "related": related,
    }


def _write_derived(entries: dict[str, dict[str, Any]]) -> None:
    path = OUT / "derived.yaml"
    header = "# Generated by tools/build_catalogs.py: derived framework -> base edition ids.\n"
    path.write_text(header + yaml.safe_dump(entries, sort_keys=False, width=120))
    print(f"{path.relative_to(ROOT)}: {', '.join(entries)}")


def main(src: Path) -> None:
    soc2 = json.loads((src / "soc2/soc2-tsc-2017-rev2022.json").read_text())
    _write(
        "soc2",
        {
            "name": "SOC 2 - 2017 Trust Services Criteria (rev. 2022)",
            "version": "2017",
            "copyright": "Criteria ids (c) AICPA; titles are complyscan's own paraphrases.",
        },
        [
            {"id": c["id"], "title": c["short_title"], "group": c["category_title"]}
            for c in soc2["criteria"]
        ],
    )
    iso = json.loads((src / "iso27001/iso27001-2022-annex-a.json").read_text())
    _write(
        "iso27001-2022",
        {
            "name": "ISO/IEC 27001:2022 Annex A",
            "version": "2022",
            "copyright": "(c) ISO/IEC. Control ids and titles only.",
        },
        [{"id": c["id"], "title": c["title"], "group": c["theme_title"]} for c in iso["controls"]],
    )
    derived = {"iso27001-2013": _iso_2013(src, {c["id"] for c in iso["controls"]})}
    csf = json.loads((src / "nist-csf/nist-csf-2.0.json").read_text())
    cats = {c["id"]: c["name"] for c in csf["categories"]}
    _write(
        "nist-csf-2.0",
        {"name": "NIST Cybersecurity Framework 2.0", "version": "2.0", "copyright": "NIST"},
        [
            {"id": s["id"], "title": s["statement"], "group": cats.get(s["category"], "")}
            for s in csf["subcategories"]
            if not s["withdrawn"]
        ],
    )
    live = {s["id"] for s in csf["subcategories"] if not s["withdrawn"]}
    derived["nist-csf-1.1"] = _csf_1_1(src, live)
    _write_derived(derived)
    sp = json.loads((src / "nist-800-53/nist-800-53-r5-controls.json").read_text())
    _write(
        "nist-800-53-r5",
        {"name": "NIST SP 800-53 Rev. 5", "version": "5.1.1", "copyright": "NIST"},
        [
            {
                "id": c["label"],
                "title": c["title"],
                "group": c["family_title"],
                "baselines": [b for b in c["baselines"] if b in {"L", "M", "H"}],
            }
            for c in sp["controls"]
            if not c["withdrawn"]
        ],
    )
    cis = json.loads((src / "cis/cis-foundations-benchmarks.json").read_text())
    wanted = {"aws": "7.0", "gcp": "5.0", "azure": "6.0"}
    for bench in cis["benchmarks"]:
        if wanted.get(bench["provider"]) != bench["version"]:
            continue
        _write(
            f"cis-{bench['provider']}",
            {
                "name": bench["name"],
                "version": bench["version"],
                "copyright": "Recommendation titles (c) Center for Internet Security; ids and "
                "titles only, for mapping.",
            },
            [
                {
                    "id": r["id"],
                    "title": r["title"],
                    "group": r["section"],
                    "assessment": r["assessment"],
                }
                for r in bench["recommendations"]
            ],
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "frameworks")
