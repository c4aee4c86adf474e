"""The Fellegi-Sunter model trained by EM (macro fellegi_sunter_em, model identity_model_parameters) on a
small hand-made world whose fixed point is worked out by hand below. One `dbt build` on a fresh DuckDB file.

The world: people who share no email, phone or account, each with a CRM contact and a loyalty card (two
deterministic components, one profile each):
- A1-A3: the same name, date of birth and full address on both records;
- C1-C2: the same name and date of birth; the loyalty card carries the province only;
- B1, B2: two pairs of *different* people born on the same day, with different names, in different provinces.
14 profiles in 14 components.

EM sessions (var identity_fs_training_sessions): date_of_birth (the pairs with the same date of birth:
A, C, B: 7 pairs) teaches name, address, email, phone; name (the pairs with the same name: A, C: 5 pairs)
teaches date of birth, address, email, phone. With no pseudo-pairs (identity_fs_m_prior_pairs = 0), EM
converges to A and C being matches (match probability -> 1) and B not (-> 0: name and address at 'else'
only occur in B), so
- m(name, exact) = 5 / 5 = 1 (date_of_birth session; the name session leaves name out);
- m(address, house_number_street) = 3 / 5 = 0.6 and m(address, province) = 2 / 5 = 0.4 in both sessions, so
  their mean too (C's loyalty cards name no house: 'province', not 'province_other_address', whose m is
  0 / 5 = 0: no match has two different houses);
- m(date_of_birth, exact) = 5 / 5 = 1 (name session);
- no email in the world: m stays at its start (0.5 for exact) and u at its prior (no sampled pair:
  (0 + 10000 u_start) / (0 + 10000) = u_start: 0.00001 exact, 0.002 local part close, 0.99799 else);
- prior: the larger of two estimates. The deterministic floor, profile pairs inside one deterministic
  component / all profile pairs = max(0, 1) / C(14, 2) = 1/91. The attributes' estimate (var
  identity_fs_prior_rule): profile pairs with the same order-free name and date of birth (A: 3, C: 2 = 5)
  over the share of matches that agree so (m(name, exact) + m(name, exact_ignoring_order) = 1 + 0, times
  m(date_of_birth, exact) = 1) times the pairs of profiles carrying both (all 14: 91) = 5 / 91, the true
  share: 5 of the 91 pairs are one person. The identifiers link nobody here; the prior still counts them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdp.raw_loader import load_raw_dir
from tests import support

from .conftest import query, write_raw_dir

HCM = "Hồ Chí Minh"
PEOPLE_A = [
    ("A1", "Khổng Minh Triết", "1961-02-03", "12 Lê Lợi, P. Bến Nghé, Q.1"),
    ("A2", "Đoàn Thị Yến", "1972-04-05", "34 Pasteur, P. Bến Thành, Q.1"),
    ("A3", "Lạc Văn Quý", "1983-06-07", "56 Điện Biên Phủ, P. 15, Q. Bình Thạnh"),
]
PEOPLE_C = [
    ("C1", "Âu Thị Diệp", "1964-08-09", "78 Võ Văn Tần, P. 6, Q.3"),
    ("C2", "Tôn Thất Bách", "1975-10-11", "90 Nguyễn Trãi, P. 2, Q.5"),
]
STRANGERS_B = [
    (
        ("B1X", "Mạc Đăng Dung", "1986-12-13", "5 Trần Phú, P. 1, Q.5", HCM),
        ("B1Y", "Yên Thị Oanh", "1986-12-13", "7 Hàng Bạc, P. Hàng Bạc, Q. Hoàn Kiếm", "Hà Nội"),
    ),
    (
        ("B2X", "Giáp Văn Kiên", "1997-01-14", "9 Bạch Đằng, P. Thạch Thang, Q. Hải Châu", "Đà Nẵng"),
        ("B2Y", "Ung Thị Lụa", "1997-01-14", "11 Lý Thường Kiệt, P. Tân An, Q. Ninh Kiều", "Cần Thơ"),
    ),
]
EM_VARS = (
    "{identity_fs_m_prior_pairs: 0, identity_fs_em_tolerance: 0.0000001, identity_fs_em_max_iterations: 500}"
)


def _world() -> support.Rows:
    crm, loyalty = [], []
    for key, name, dob, address in PEOPLE_A:
        crm.append(
            {
                "contact_id": key,
                "full_name": name,
                "date_of_birth": dob,
                "address_line": address,
                "province": HCM,
            }
        )
        loyalty.append(
            {
                "loyalty_card_id": key,
                "full_name": name,
                "date_of_birth": dob,
                "address_line": address,
                "province": HCM,
            }
        )
    for key, name, dob, address in PEOPLE_C:
        crm.append(
            {
                "contact_id": key,
                "full_name": name,
                "date_of_birth": dob,
                "address_line": address,
                "province": HCM,
            }
        )
        loyalty.append({"loyalty_card_id": key, "full_name": name, "date_of_birth": dob, "province": HCM})
    for pair in STRANGERS_B:
        for key, name, dob, address, province in pair:
            crm.append(
                {
                    "contact_id": key,
                    "full_name": name,
                    "date_of_birth": dob,
                    "address_line": address,
                    "province": province,
                }
            )
    return {"crm_contacts": crm, "loyalty_members": loyalty}


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple]:
    work = tmp_path_factory.mktemp("fellegi_sunter_em")
    database = work / "cdp.duckdb"
    write_raw_dir(work / "raw", _world())
    load_raw_dir(work / "raw", database)
    run = support.run_dbt(
        database,
        work,
        "build",
        "--select",
        "+identity_model_parameters +staging resource_type:seed",
        "--exclude-resource-type",
        "unit_test",
        *support.UPSTREAM_DATA_TESTS_EXCLUDED,
        "--vars",
        EM_VARS,
    )
    if run.returncode != 0:
        pytest.fail(f"dbt build failed:\n{run.failure_summary()}")
    rows = query(
        database,
        "select comparison, level_label, m, u, match_weight, em_iterations, is_converged "
        "from marts.identity_model_parameters",
    )
    profiles = query(database, "select count(*) from intermediate.int_identity_profiles_deduplicated")[0][0]
    assert profiles == 14
    return {(r[0], r[1]): r[2:] for r in rows}


@pytest.mark.parametrize(
    ("comparison", "level", "m"),
    [
        ("name", "exact", 1.0),
        ("name", "else", 0.0),
        ("address", "house_number_street", 0.6),
        ("address", "province", 0.4),
        ("address", "province_other_address", 0.0),
        ("address", "else", 0.0),
        ("date_of_birth", "exact", 1.0),
        ("email", "exact", 0.5),
    ],
)
def test_em_converges_to_the_hand_worked_m(
    comparison: str, level: str, m: float, trained: dict[tuple[str, str], tuple]
) -> None:
    assert trained[(comparison, level)][0] == pytest.approx(m, abs=1e-3)


def test_u_of_a_comparison_never_seen_is_its_prior(trained: dict[tuple[str, str], tuple]) -> None:
    for level, u in [("exact", 0.00001), ("local_part_close", 0.002), ("else", 0.99799)]:
        assert trained[("email", level)][1] == pytest.approx(u)


def test_prior_is_the_share_of_matches_estimated_from_names_and_birth_dates(
    trained: dict[tuple[str, str], tuple],
) -> None:
    m, u, weight, *_ = trained[("prior", "match")]
    assert m == pytest.approx(5 / 91)
    assert u == pytest.approx(86 / 91)
    assert weight == pytest.approx(-4.1043, abs=1e-3)  # log2(5 / 86)


def test_em_iterated_until_converged(trained: dict[tuple[str, str], tuple]) -> None:
    iterations = {row[3] for row in trained.values()}
    assert len(iterations) == 1 and 2 <= iterations.pop() < 500
    assert all(row[4] for row in trained.values())


def test_em_that_cannot_converge_fails_the_build(tmp_path: Path) -> None:
    database = tmp_path / "cdp.duckdb"
    write_raw_dir(tmp_path / "raw", _world())
    load_raw_dir(tmp_path / "raw", database)
    run = support.run_dbt(
        database,
        tmp_path,
        "build",
        "--select",
        "+identity_model_parameters resource_type:seed",
        "--exclude-resource-type",
        "unit_test",
        "--exclude-resource-type",
        "test",
        "--vars",
        EM_VARS.replace("identity_fs_em_max_iterations: 500", "identity_fs_em_max_iterations: 1"),
    )
    assert run.returncode != 0
    assert "did not converge in 1 passes" in run.output
