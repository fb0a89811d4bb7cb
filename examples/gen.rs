//! Generates a large, realistic JSON Lines export with planted violations, and the findings the
//! check must report for them, for benchmarks and scale tests:
//!
//! ```sh
//! cargo run --release --example gen -- --cases 100000 --out /work/scratch/gen-100k
//! clausecheck check /work/scratch/gen-100k/export.jsonl --as-of 2026-06-30 --format json
//! ```
//!
//! `DIR/export.jsonl` has rounds (50 cases each) then cases shaped like `fixtures/sample`
//! (≈10 KB each, so 100,000 cases ≈ 1 GB). `--shape wide-rounds` writes another export shape
//! (issue 19): few rounds of 5,000 cases, each listing 5,000 target units and 6,000 approved
//! team leaders, and small cases (≈2.6 KB), so a round's lists outweigh its cases' own fields;
//! that shape also plants `cas62.4.unit-in-targets` and `cas62.5.leader-approved`
//! ([`WIDE_PLANTED_RULES`]) and writes some units in forms that only normalise to a listed name. `DIR/expected.jsonl` lists each planted finding as
//! `{"rule", "case_id", "item", "status"}`. Evaluate with `--as-of 2026-06-30` ([`AS_OF`]):
//! every date is before it. Planted rules: `cas62.16.clue-feedback` (late, overdue),
//! `cas62.13.report-order`, `cas62.13.feedback-order`, `cas62.15.petition-forward` (late) and
//! `data.date`; for those rules the planted findings are the only ones. Other rules may fire.
//! Deterministic: the same arguments give the same bytes.

use std::io::Write;
use std::path::PathBuf;

use chrono::{Datelike, Days, NaiveDate};
use serde_json::{Value, json};

/// The evaluation date the planted statuses assume.
#[allow(dead_code)]
pub const AS_OF: &str = "2026-06-30";

/// The rules whose findings are exactly the planted ones.
#[allow(dead_code)]
pub const PLANTED_RULES: &[&str] = &[
    "cas62.16.clue-feedback",
    "cas62.13.report-order",
    "cas62.13.feedback-order",
    "cas62.15.petition-forward",
    "data.date",
];

/// The wide shape's planted rules: the membership checks too, which the default shape never
/// trips (its units and leaders are all listed).
#[allow(dead_code)]
pub const WIDE_PLANTED_RULES: &[&str] = &[
    "cas62.16.clue-feedback",
    "cas62.13.report-order",
    "cas62.13.feedback-order",
    "cas62.15.petition-forward",
    "data.date",
    "cas62.4.unit-in-targets",
    "cas62.5.leader-approved",
];

/// The form of the export: how many cases a round has, how long its lists are, how big a case is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Rounds of 50 cases listing 10 units and 5 leaders; cases of ≈9.4 KB.
    Default,
    /// Rounds of 5,000 cases listing 5,000 units and 6,000 leaders; cases of ≈2.6 KB.
    WideRounds,
}

/// The sizes that differ between shapes: each range is drawn from as `rng.range(lo, hi)`.
struct Sizes {
    cases_per_round: usize,
    members: (u64, u64),
    clues: (u64, u64),
    petitions: (u64, u64),
    problems: (u64, u64),
    summary: (u64, u64),
}

impl Shape {
    fn sizes(self) -> Sizes {
        match self {
            Shape::Default => Sizes {
                cases_per_round: 50,
                members: (8, 16),
                clues: (6, 14),
                petitions: (3, 8),
                problems: (5, 12),
                summary: (40, 64),
            },
            Shape::WideRounds => Sizes {
                cases_per_round: 5000,
                members: (3, 6),
                clues: (1, 3),
                petitions: (1, 2),
                problems: (1, 3),
                summary: (1, 3),
            },
        }
    }
}

/// The wide shape's target units: 50 places × 25 fields × 4 kinds, all distinct.
const PLACES: &[&str] = &[
    "渤海", "东海", "辽河", "浦江", "京西", "江南", "太湖", "京北", "沈北", "华北", "岭南", "巴蜀",
    "秦岭", "黄河", "长江", "珠江", "淮河", "洞庭", "鄱阳", "燕山", "太行", "天山", "昆仑", "祁连",
    "雪域", "滇池", "漓江", "闽江", "钱塘", "赣江", "湘江", "汉江", "松花", "嫩江", "黑河", "青海",
    "敦煌", "河西", "关中", "中原", "皖南", "苏北", "胶东", "辽东", "吉林", "呼伦", "阿拉", "塔里",
    "准噶", "柴达",
];
const FIELDS: &[&str] = &[
    "材料科学",
    "海洋工程",
    "资源环境",
    "光电技术",
    "计算技术",
    "生命科学",
    "智能制造",
    "空间科学",
    "应用生态",
    "能源化学",
    "地球物理",
    "大气物理",
    "植物生理",
    "动物行为",
    "微生物",
    "遥感信息",
    "自动化",
    "声学",
    "力学",
    "数学应用",
    "天文观测",
    "高能物理",
    "化学工程",
    "生物医药",
    "水利工程",
];
const KINDS: &[&str] = &["研究所", "研究中心", "重点实验室", "研究院"];
/// The wide shape's leaders: 60 surnames × 100 given names.
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
];
const GIVEN: &[&str] = &["立", "海", "文", "志", "国", "建", "晓", "雪", "振", "敏"];

/// The wide shape's lists, the same for every round.
struct WideLists {
    units: Vec<String>,
    leaders: Vec<String>,
}

impl WideLists {
    fn new() -> WideLists {
        let units = KINDS
            .iter()
            .flat_map(|k| FIELDS.iter().map(move |f| (f, k)))
            .flat_map(|(f, k)| PLACES.iter().map(move |p| format!("中国科学院{p}{f}{k}")))
            .collect();
        let leaders = SURNAMES
            .iter()
            .flat_map(|s| GIVEN.iter().map(move |a| (s, a)))
            .flat_map(|(s, a)| GIVEN.iter().map(move |b| format!("{s}{a}{b}")))
            .collect();
        WideLists { units, leaders }
    }
}

const UNITS: &[(&str, &str, &str)] = &[
    ("中国科学院渤海材料科学研究所", "研究所", "沈阳分院"),
    ("中国科学院东海海洋工程研究所", "研究所", "上海分院"),
    ("中国科学院辽河资源环境研究所", "研究所", "沈阳分院"),
    ("中国科学院浦江光电技术研究所", "研究所", "上海分院"),
    ("中国科学院京西计算技术研究所", "研究所", "北京分院"),
    ("中国科学院江南生命科学研究所", "研究所", "上海分院"),
    ("中国科学院太湖智能制造研究所", "研究所", "上海分院"),
    ("中国科学院京北空间科学研究所", "研究所", "北京分院"),
    ("中国科学院沈北应用生态研究所", "研究所", "沈阳分院"),
    ("中国科学院华北能源化学研究所", "研究所", "北京分院"),
];

const NAMES: &[&str] = &[
    "陈立",
    "王海",
    "李娜",
    "张振华",
    "李文涛",
    "赵立群",
    "孙志强",
    "周敏",
    "吴海波",
    "郑国栋",
    "许慧敏",
    "何建平",
    "冯立新",
    "高志刚",
    "马骏",
    "唐晓峰",
    "韩雪梅",
    "罗志诚",
    "梁文斌",
];

const PROBLEMS: &[&str] = &[
    "违规发放津贴补贴",
    "公务接待超标准",
    "选人用人程序不规范",
    "科研经费管理不严",
    "基建项目招投标不规范",
    "三重一大决策制度执行不到位",
];

/// A small xorshift generator: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability 1/n.
    fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A date written the way exports write them: mostly canonical, sometimes Chinese or dotted.
fn date(rng: &mut Rng, d: NaiveDate) -> Value {
    let (y, m, day) = (d.year(), d.month(), d.day());
    Value::String(match rng.below(10) {
        0 => format!("{y}年{m}月{day}日"),
        1 => format!("{y}/{m}/{day}"),
        2 => format!("{y}.{m}.{day}"),
        _ => d.format("%Y-%m-%d").to_string(),
    })
}

fn plus(d: NaiveDate, days: u64) -> NaiveDate {
    d.checked_add_days(Days::new(days)).expect("date in range")
}

/// Collects the export's lines and the planted findings.
#[derive(Default)]
pub struct Generated {
    pub export: Vec<u8>,
    pub expected: Vec<u8>,
}

impl Generated {
    fn line(&mut self, v: &Value) {
        serde_json::to_writer(&mut self.export, v).expect("serialise");
        self.export.push(b'\n');
    }
    fn plant(&mut self, rule: &str, case_id: &str, item: Option<(&str, &str)>, status: &str) {
        let item = item.map(|(c, id)| json!({"collection": c, "id": id}));
        let v = json!({"rule": rule, "case_id": case_id, "item": item, "status": status});
        serde_json::to_writer(&mut self.expected, &v).expect("serialise");
        self.expected.push(b'\n');
    }
}

/// The whole export of `cases` cases, and its planted findings, in the default shape.
#[allow(dead_code)]
pub fn generate(cases: usize, seed: u64) -> Generated {
    generate_shape(cases, seed, Shape::Default)
}

/// The whole export of `cases` cases in `shape`, and its planted findings. The default shape
/// draws from the generator exactly as before shapes existed: the same arguments, the same bytes.
pub fn generate_shape(cases: usize, seed: u64, shape: Shape) -> Generated {
    let mut rng = Rng(seed.max(1));
    let mut out = Generated::default();
    let sizes = shape.sizes();
    let wide = (shape == Shape::WideRounds).then(WideLists::new);
    let per_round = sizes.cases_per_round;
    let rounds = cases.div_ceil(per_round);
    let first = NaiveDate::from_ymd_opt(2021, 1, 11).expect("valid date");
    let starts: Vec<NaiveDate> = (0..rounds)
        .map(|r| plus(first, (r * 1400 / rounds.max(1)) as u64))
        .collect();
    for (r, start) in starts.iter().enumerate() {
        out.line(&round(&mut rng, r, *start, wide.as_ref()));
    }
    for c in 0..cases {
        let r = c / per_round;
        let at = At {
            r,
            n: c % per_round,
            start: starts[r],
        };
        let v = case(&mut rng, &mut out, at, &sizes, wide.as_ref());
        out.line(&v);
    }
    out
}

fn round_id(r: usize, start: NaiveDate) -> String {
    format!("{}-{:04}", start.year(), r + 1)
}

fn round(rng: &mut Rng, r: usize, start: NaiveDate, wide: Option<&WideLists>) -> Value {
    let before = |days| start - Days::new(days);
    let (units, leaders): (Vec<&str>, Vec<&str>) = match wide {
        Some(w) => (
            w.units.iter().map(String::as_str).collect(),
            w.leaders.iter().map(String::as_str).collect(),
        ),
        None => (UNITS.iter().map(|u| u.0).collect(), NAMES[..5].to_vec()),
    };
    json!({
        "kind": "round",
        "id": round_id(r, start),
        "year": start.year(),
        "targets": {
            "units": units,
            "proposed_on": date(rng, before(60)),
            "reviewed_on": date(rng, before(50)),
            "approved_on": date(rng, before(40)),
        },
        "leaders": {
            "names": leaders,
            "proposed_on": date(rng, before(58)),
            "consulted_on": date(rng, before(53)),
            "reviewed_on": date(rng, before(50)),
            "approved_on": date(rng, before(40)),
        },
        "training": {"held_on": date(rng, before(10))},
        "assessment_meeting": {
            "held_on": date(rng, plus(start, 50)),
            "organizers": ["巡视办", "人事局", "直属机关党委"],
        },
        "circular": {"issued_on": date(rng, plus(start, 200))},
    })
}

/// Where a case sits: its round (number and start) and its number in the round.
struct At {
    r: usize,
    n: usize,
    start: NaiveDate,
}

fn case(
    rng: &mut Rng,
    out: &mut Generated,
    at: At,
    sizes: &Sizes,
    wide: Option<&WideLists>,
) -> Value {
    let At { r, n, start } = at;
    let case_id = format!("{}-{:02}", round_id(r, start), n + 1);
    let entered = plus(start, rng.below(5));
    let unit = *rng.pick(UNITS);
    let (unit_name, leader) = match wide {
        Some(w) => wide_unit_and_leader(rng, out, &case_id, w),
        None => (unit.0.to_string(), NAMES[0].to_string()),
    };
    let day = |d: u64| plus(entered, d);
    // The report's steps in order; a planted swap puts the review after the approval.
    let (mut reviewed, mut approved) = (day(55), day(65));
    if rng.one_in(40) {
        (reviewed, approved) = (approved, reviewed);
        out.plant("cas62.13.report-order", &case_id, None, "violation");
    }
    let mut feedback = day(75);
    if rng.one_in(40) {
        feedback = day(50);
        out.plant("cas62.13.feedback-order", &case_id, None, "violation");
    }
    let mut logistics = date(rng, day(0));
    if rng.one_in(100) {
        logistics = Value::String(format!("{}年13月{}日", entered.year(), entered.day()));
        out.plant("data.date", &case_id, None, "violation");
    }
    let members: Vec<Value> = (1..=rng.range(sizes.members.0, sizes.members.1))
        .map(|i| json!({"id": format!("M{i}"), "name": rng.pick(NAMES), "vetted_on": date(rng, plus(start, 0) - Days::new(20))}))
        .collect();
    let clues = clues(rng, out, &case_id, entered, sizes.clues);
    let petitions = petitions(rng, out, &case_id, entered, sizes.petitions);
    let problems: Vec<Value> = (1..=rng.range(sizes.problems.0, sizes.problems.1))
        .map(|i| json!({"id": format!("WT-{i:02}"), "category": rng.pick(PROBLEMS), "eight_rules": false}))
        .collect();
    let summary: String = (0..rng.range(sizes.summary.0, sizes.summary.1))
        .map(|_| {
            format!(
                "{}问题已列入整改台账，责任人{}。",
                rng.pick(PROBLEMS),
                rng.pick(NAMES)
            )
        })
        .collect();
    json!({
        "kind": "case",
        "case_id": case_id,
        "round_id": round_id(r, start),
        "unit": {"name": unit_name, "type": unit.1, "branch": unit.2},
        "team": {"leader": leader, "members": members},
        "entered_on": date(rng, entered),
        "intake_briefings": [
            {"id": "IB1", "from": "办公厅", "on": date(rng, entered - Days::new(5))},
            {"id": "IB2", "from": "人事局", "on": date(rng, entered - Days::new(5))},
            {"id": "IB3", "from": "直属机关党委", "on": date(rng, entered - Days::new(4))},
            {"id": "IB4", "from": "监督与审计局", "on": date(rng, entered - Days::new(4))},
            {"id": "IB5", "from": "驻院纪检监察组", "on": date(rng, entered - Days::new(3))},
        ],
        "preparation": {"materials_on": date(rng, entered - Days::new(3)), "logistics_on": logistics, "contingency_plan_on": date(rng, entered - Days::new(2))},
        "assessments": [{"id": "YP-01", "submitted_on": date(rng, day(30)), "opinion_on": date(rng, day(35)), "departments": ["人事局", "驻院纪检监察组"]}],
        "personal_matters_check": {"requested_on": date(rng, day(10)), "completed_on": date(rng, day(30))},
        "report": {
            "submitted_on": date(rng, day(45)),
            "revised_on": date(rng, plus(start, 52)),
            "group_reviewed_on": date(rng, reviewed),
            "party_approved_on": date(rng, approved),
            "distributed_on": date(rng, day(70)),
            "distributed_to": ["院领导", "院机关相关部门"],
        },
        "feedback": {"delivered_on": date(rng, feedback), "cc": [format!("{}分党组", unit.2)]},
        "clues": clues,
        "petitions": petitions,
        "ledger_submissions": [
            {"id": "TZ-1", "to": "人事局", "submitted_on": date(rng, day(120))},
            {"id": "TZ-2", "to": "直属机关党委", "submitted_on": date(rng, day(120))},
            {"id": "TZ-3", "to": format!("{}分党组", unit.2), "submitted_on": date(rng, day(121))},
        ],
        "life_meeting": {"held_on": date(rng, plus(feedback, 20)), "supervisor_org": "人事局", "supervisor": NAMES[3]},
        "problems": problems,
        "summary": summary,
    })
}

/// Clues handled within three months, some planted late or still open (overdue).
fn clues(
    rng: &mut Rng,
    out: &mut Generated,
    case_id: &str,
    entered: NaiveDate,
    (lo, hi): (u64, u64),
) -> Vec<Value> {
    (1..=rng.range(lo, hi))
        .map(|i| {
            let id = format!("XS-{case_id}-{i:02}");
            let received = plus(entered, 80 + rng.below(20));
            let mut clue = json!({
                "id": id,
                "group_approved_on": date(rng, plus(entered, 70)),
                "transferred_on": date(rng, plus(received, 0) - Days::new(2)),
                "transferred_to": "驻院纪检监察组",
                "received_on": date(rng, received),
            });
            // Three months are at least 89 days: 30–80 days is on time whatever the calendar.
            let fed_back = match rng.below(60) {
                0 => {
                    out.plant(
                        "cas62.16.clue-feedback",
                        case_id,
                        Some(("clues", &id)),
                        "late",
                    );
                    Some(plus(received, rng.range(120, 200)))
                }
                1 => {
                    out.plant(
                        "cas62.16.clue-feedback",
                        case_id,
                        Some(("clues", &id)),
                        "overdue",
                    );
                    None
                }
                _ => Some(plus(received, rng.range(30, 80))),
            };
            if let Some(d) = fed_back {
                clue["result_fed_back_on"] = date(rng, d);
            }
            clue
        })
        .collect()
}

/// Petitions forwarded within days, some planted late (30 days is the pack's default period).
fn petitions(
    rng: &mut Rng,
    out: &mut Generated,
    case_id: &str,
    entered: NaiveDate,
    (lo, hi): (u64, u64),
) -> Vec<Value> {
    (1..=rng.range(lo, hi))
        .map(|i| {
            let id = format!("XF-{i:02}");
            let received = plus(entered, rng.below(30));
            let forwarded = if rng.one_in(50) {
                out.plant("cas62.15.petition-forward", case_id, Some(("petitions", &id)), "late");
                plus(received, rng.range(60, 90))
            } else {
                plus(received, rng.range(2, 15))
            };
            json!({"id": id, "received_on": date(rng, received), "forwarded_on": date(rng, forwarded), "forwarded_to": "驻院纪检监察组"})
        })
        .collect()
}

/// A wide-shape case's unit and team leader: mostly listed names, some written in a form that
/// only normalisation matches (prefix dropped, full-width space), some planted off the lists.
fn wide_unit_and_leader(
    rng: &mut Rng,
    out: &mut Generated,
    case_id: &str,
    w: &WideLists,
) -> (String, String) {
    let listed = rng.pick(&w.units).as_str();
    let unit = match rng.below(200) {
        0 => {
            out.plant("cas62.4.unit-in-targets", case_id, None, "violation");
            format!("中国科学院未列名第{}研究所", rng.below(1000))
        }
        1..=10 => listed.trim_start_matches("中国科学院").to_string(),
        11..=15 => listed.replacen("中国科学院", "中国科学院\u{3000}", 1),
        _ => listed.to_string(),
    };
    let leader = if rng.one_in(200) {
        out.plant("cas62.5.leader-approved", case_id, None, "violation");
        format!("欧阳{}", rng.pick(GIVEN))
    } else {
        rng.pick(&w.leaders).clone()
    };
    (unit, leader)
}

#[allow(dead_code)]
fn main() -> std::io::Result<()> {
    let mut cases = 1000;
    let mut seed = 62;
    let mut dir = PathBuf::from("gen-out");
    let mut shape = Shape::Default;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_default();
        match a.as_str() {
            "--cases" => cases = v.parse().expect("--cases N"),
            "--seed" => seed = v.parse().expect("--seed N"),
            "--out" => dir = PathBuf::from(v),
            "--shape" => {
                shape = match v.as_str() {
                    "default" => Shape::Default,
                    "wide-rounds" => Shape::WideRounds,
                    _ => panic!("--shape default|wide-rounds"),
                }
            }
            _ => panic!("usage: gen --cases N [--seed S] [--shape default|wide-rounds] --out DIR"),
        }
    }
    std::fs::create_dir_all(&dir)?;
    let g = generate_shape(cases, seed, shape);
    std::fs::File::create(dir.join("export.jsonl"))?.write_all(&g.export)?;
    std::fs::File::create(dir.join("expected.jsonl"))?.write_all(&g.expected)?;
    eprintln!(
        "{} cases, {} bytes, {} planted findings in {}",
        cases,
        g.export.len(),
        g.expected.iter().filter(|&&b| b == b'\n').count(),
        dir.display()
    );
    Ok(())
}
