"""Random but valid jjpolicy.facts/1 portfolios, for the benchmark and the property tests.

python scripts/generate.py 10000 --seed 1 > /tmp/portfolio.json
"""

from __future__ import annotations

import argparse
import json
import random

KINDS = ["industrial_enterprise"] * 5 + [
    "enterprise",
    "green_service_institution",
    "digital_service_provider",
    "association",
    "other_unit",
]
LEVEL2 = ["national", "provincial"]


def _date(rng: random.Random) -> str:
    year = rng.choice([2021, 2024, 2025, 2025, 2026, 2026, 2027])
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _money(rng: random.Random, low: int, high: int):
    value = rng.randint(low, high)
    if rng.random() < 0.2:
        return f"{value}.{rng.randint(0, 99):02d}"
    return value


def _event(rng: random.Random, eid: str, projects: list[str]) -> dict:
    t = rng.choice(EVENT_TYPES)
    e = {"id": eid, "type": t, "date": _date(rng)}
    e.update(EXTRA[t](rng))
    if rng.random() < 0.25:
        e["project"] = rng.choice(projects)
    if rng.random() < 0.05:
        e["renewal"] = True
    return e


EXTRA = {
    "above_scale_new": lambda r: {},
    "strategic_emerging_new": lambda r: {},
    "single_champion": lambda r: {"level": r.choice(LEVEL2)},
    "specialized_sme": lambda r: {"level": r.choice(LEVEL2)},
    "innovative_sme": lambda r: {},
    "equipment_project": lambda r: {
        "total_investment": _money(r, 5_000_000, 80_000_000),
        "equipment_purchase": _money(r, 1_000_000, 70_000_000),
        "key_tech_renovation": r.random() < 0.9,
        "in_statistics": r.random() < 0.9,
    },
    "design_institute": lambda r: {"level": r.choice(LEVEL2)},
    "design_center": lambda r: {"level": r.choice(LEVEL2 + ["quanzhou"])},
    "enterprise_tech_center": lambda r: {"level": r.choice(LEVEL2 + ["quanzhou"])},
    "innovation_center": lambda r: {"level": r.choice(LEVEL2), "role": r.choice(["lead", "member"])},
    "tech_innovation_demo": lambda r: {"level": "national"},
    "rd_instrument_purchase": lambda r: {"amount": _money(r, 100_000, 6_000_000)},
    "first_set": lambda r: {"scope": r.choice(["domestic", "provincial"])},
    "management_consulting": lambda r: {"fee": _money(r, 100_000, 4_000_000), "pre_filed": r.random() < 0.8},
    "service_manufacturing_demo": lambda r: {"level": r.choice(LEVEL2)},
    "military_qualification": lambda r: {
        "qualification": r.choice(["quality_system", "secrecy", "production_license", "contractor"])
    },
    "green_list": lambda r: {"list": r.choice(["factory", "supply_chain", "park"]), "level": r.choice(LEVEL2)},
    "green_design_demo": lambda r: {"level": "national"},
    "energy_efficiency_leader": lambda r: {"level": r.choice(LEVEL2)},
    "industry_standard_conditions": lambda r: {},
    "carbon_footprint_cert": lambda r: {},
    "energy_management_cert": lambda r: {},
    "smart_factory": lambda r: {"rating": r.choice(["leading", "excellent", "demonstration", "advanced"])},
    "digital_demo": lambda r: {
        "level": "jinjiang",
        "total_investment": _money(r, 1_000_000, 5_000_000),
        "in_use": r.random() < 0.9,
        "promotes": r.random() < 0.9,
    },
    "app_demo": lambda r: {"area": r.choice(["5g", "big_data"]), "recognized_investment": _money(r, 100_000, 2_000_000)},
    "industrial_internet_demo": lambda r: {"recognized_investment": _money(r, 1_000_000, 20_000_000)},
    "sme_digital_retrofit": lambda r: {
        "recognized_investment": _money(r, 50_000, 2_000_000),
        "digital_level": r.randint(1, 5),
        "pilot": r.random() < 0.9,
    },
    "digital_package": lambda r: {"sme_count": r.randint(0, 80)},
    "quality_award": lambda r: {"award": r.choice(["china", "china_nomination", "fujian", "fujian_nomination", "quanzhou"])},
    "geographical_indication": lambda r: {},
    "standards_secretariat": lambda r: {"body": r.choice(["national_tc", "national_sc", "national_wg", "provincial_tc"])},
    "standard": lambda r: _standard(r),
    "standardization_demo": lambda r: {"level": r.choice(LEVEL2)},
    "public_consulting": lambda r: {"enterprises_served": r.randint(5, 40), "pre_filed": r.random() < 0.8},
    "public_service_event": lambda r: {
        "government_guided": r.random() < 0.9,
        "has_expenses": True,
        "meets_standards": r.random() < 0.9,
        "filed_days_ahead": r.randint(3, 14),
    },
    "regional_brand": lambda r: {"investment": _money(r, 100_000, 15_000_000)},
}
EVENT_TYPES = sorted(EXTRA)


def _standard(r: random.Random) -> dict:
    level = r.choice(["international", "national", "industry", "local", "group"])
    s = {"level": level, "role": r.choice(["lead", "participate"])}
    if level in ("local", "group"):
        s["jinjiang_rank"] = r.randint(1, 3)
    elif level == "international" and r.random() < 0.2:
        s["direct_elevation"] = True
    return s


def subject(rng: random.Random, sid: str) -> dict:
    kind = rng.choice(KINDS)
    years = {}
    for y in (2024, 2025, 2026):
        if rng.random() < 0.8:
            years[str(y)] = {
                "industrial_output": _money(rng, 10_000_000, 30_000_000_000),
                "strategic_emerging_output": _money(rng, 0, 60_000_000),
                "revenue": _money(rng, 1_000_000, 40_000_000),
                "above_scale": rng.random() < 0.7,
                "key_industrial_enterprise": rng.random() < 0.6,
                "green_power_share": round(rng.random(), 2),
            }
    projects = [f"proj-{i}" for i in range(3)]
    events = [_event(rng, f"EV{i:02d}", projects) for i in range(rng.randint(1, 10))]
    s = {"id": sid, "name": f"晉江測試企業{sid}", "kind": kind, "years": years, "events": events}
    if rng.random() < 0.05:
        s["registered_in_jinjiang"] = False
    if events and rng.random() < 0.2:
        target = rng.choice(events)
        s["other_awards"] = [{"event": target["id"], "policy": "晉江市其他政策", "amount": _money(rng, 10_000, 1_000_000)}]
    return s


def portfolio(n: int, seed: int) -> dict:
    rng = random.Random(seed)
    return {"schema": "jjpolicy.facts/1", "subjects": [subject(rng, f"S{i:05d}") for i in range(n)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(portfolio(args.n, args.seed), ensure_ascii=False))


if __name__ == "__main__":
    main()
