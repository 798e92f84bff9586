//! `cargo xtask gen-city`: a synthetic city for the benchmark of issue
//! #6. N compounds × M cases, spread over communities of about ten
//! compounds, written as staff would write them: every case status, kind
//! and outcome, pledges, six joint meetings a year whose decisions link
//! cases, notices of every kind, evaluations, rosters with landline duty
//! phones, and `private:` blocks. The output passes `gongshi check` with
//! no error (overdue, stale and a few compliance warnings are realistic and
//! kept).
//!
//! Deterministic: the same arguments write the same bytes. Each compound
//! draws from its own generator seeded by (seed, community, compound), so
//! communities are written in parallel, and with sizes that are multiples
//! of ten a smaller city is the first communities of a bigger one.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};
use rayon::prelude::*;

use anyhow::{Context as _, anyhow, bail};

mod corpus;
use self::corpus::*;

type Error = anyhow::Error;

/// Compounds per community, as in a typical urban street.
const PER_COMMUNITY: usize = 10;
/// The first day cases, meetings and notices may carry.
const START: (i32, u32, u32) = (2025, 1, 6);

#[derive(Debug, Clone)]
pub struct CityOptions {
    /// The site folder; `content/` is written inside it.
    pub out: PathBuf,
    pub compounds: usize,
    pub cases: usize,
    pub seed: u64,
    /// The day the city is "now": nothing is dated after it.
    pub as_of: NaiveDate,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CitySummary {
    pub communities: usize,
    pub compounds: usize,
    pub cases: usize,
    pub files: usize,
    pub bytes: u64,
}

// ---------------------------------------------------------------------------
// A tiny deterministic generator (splitmix64): no dependency, same stream on
// every platform.

#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { lo + (self.next() % (hi - lo + 1) as u64) as i64 }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// An index drawn by weight.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        0
    }
}

fn mix(seed: u64, a: usize, b: usize) -> u64 {
    let mut r = Rng::new(
        seed ^ (a as u64).wrapping_mul(0xA24B_AED4_963E_E407) ^ (b as u64).wrapping_mul(0x9FB2_1C65_1E98_DF25),
    );
    r.next()
}

// ---------------------------------------------------------------------------
// Entry point.

/// Writes `opts.out/content/`. Refuses a folder whose `content/` is not empty.
pub fn generate(opts: &CityOptions) -> Result<CitySummary, Error> {
    if opts.compounds == 0 {
        bail!("--compounds 至少为 1（at least one compound）");
    }
    let content = opts.out.join("content");
    if content.is_dir() && fs::read_dir(&content).with_context(|| content.display().to_string())?.next().is_some() {
        bail!("{} 已有内容，请换一个空文件夹（content/ is not empty）", content.display());
    }
    let start = ymd(START.0, START.1, START.2)?;
    if opts.as_of <= start + Duration::days(60) {
        bail!("--as-of 应晚于 {start} 至少两个月（as-of too early）");
    }
    let communities = opts.compounds.div_ceil(PER_COMMUNITY);
    write(&content.join("site.yaml"), site_yaml())?;
    let results: Vec<Result<CitySummary, Error>> = (0..communities)
        .into_par_iter()
        .map(|ci| {
            let from = ci * opts.compounds / communities;
            let to = (ci + 1) * opts.compounds / communities;
            community(opts, &content, ci, from..to, start)
        })
        .collect();
    let mut sum = CitySummary { communities, files: 1, ..CitySummary::default() };
    for r in results {
        let r = r?;
        sum.compounds += r.compounds;
        sum.cases += r.cases;
        sum.files += r.files;
        sum.bytes += r.bytes;
    }
    Ok(sum)
}

fn ymd(y: i32, m: u32, d: u32) -> Result<NaiveDate, Error> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| anyhow!("invalid date {y}-{m}-{d}"))
}

/// Files written and their bytes, per writer.
#[derive(Debug, Default)]
struct Out {
    files: usize,
    bytes: u64,
}

impl Out {
    fn put(&mut self, path: &Path, text: &str) -> Result<(), Error> {
        write(path, text)?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

fn write(path: &Path, text: impl AsRef<[u8]>) -> Result<(), Error> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| dir.display().to_string())?;
    }
    fs::write(path, text).with_context(|| path.display().to_string())
}

fn site_yaml() -> String {
    "# 合成数据：gongshi gen-city 生成的基准测试城市（benchmark data, not real people）
title: 示范街道“三方联动”公示平台
street: 示范街道
base_url: https://gongshi.example.cn
language: zh-CN
timezone: Asia/Shanghai
office: {name: 示范街道社区办, phone: 0571-86660000}
kiosk:
  poll_seconds: 60
  night: {from: \"22:00\", to: \"06:30\"}
  screens:
    - {name: landscape, width: 1920, height: 1080}
    - {name: portrait, width: 1080, height: 1920}
"
    .to_string()
}

// ---------------------------------------------------------------------------
// People.

/// Names already used in one community, so that a joint-meeting list never
/// names two different people alike.
#[derive(Debug, Default)]
struct Names(HashSet<String>);

impl Names {
    fn fresh(&mut self, rng: &mut Rng) -> String {
        for _ in 0..64 {
            let mut n = String::from(rng.pick(SURNAMES));
            n.push_str(rng.pick(GIVEN));
            if rng.chance(70) {
                n.push_str(rng.pick(GIVEN));
            }
            if self.0.insert(n.clone()) {
                return n;
            }
        }
        // A crowded community: a three-character name from two draws is
        // still plausible and, with the counter, certainly new.
        let n = format!("{}{}{}", rng.pick(SURNAMES), rng.pick(GIVEN), GIVEN[self.0.len() % GIVEN.len()]);
        self.0.insert(n.clone());
        n
    }
}

/// A resident who reported a case (kept in `private:` only). The privacy
/// gate looks for every private value in every public text of the whole
/// site, so at city scale a reporter drawn from the staff's name pool would
/// sooner or later share a name with a roster member somewhere, an error.
/// Residents therefore carry compound surnames (欧阳, 诸葛, …), which no
/// public name or phrase of the generator contains, not even across the
/// separators of a list.
fn resident(rng: &mut Rng) -> String {
    let mut n = String::from(rng.pick(RESIDENT_SURNAMES));
    n.push_str(rng.pick(GIVEN));
    if rng.chance(60) {
        n.push_str(rng.pick(GIVEN));
    }
    n
}

#[derive(Debug, Clone)]
struct Person {
    name: String,
    position: String,
    phone: Option<String>,
    party: bool,
    also: Vec<String>,
    duties: Vec<String>,
}

impl Person {
    fn new(name: String, position: &str) -> Person {
        Person { name, position: position.into(), phone: None, party: false, also: vec![], duties: vec![] }
    }
    fn phone(mut self, p: &str) -> Person {
        self.phone = Some(p.into());
        self
    }
    fn party(mut self, yes: bool) -> Person {
        self.party = yes;
        self
    }
    fn duties(mut self, d: &[&str]) -> Person {
        self.duties = d.iter().map(|s| s.to_string()).collect();
        self
    }
    fn also(mut self, a: String) -> Person {
        self.also.push(a);
        self
    }
}

/// One roster entry, in flow style when short and block style otherwise, as staff write them.
fn person_yaml(out: &mut String, indent: &str, p: &Person, block: bool) {
    let list = |v: &[String]| format!("[{}]", v.join(", "));
    if block {
        let _ = writeln!(out, "{indent}- name: {}", p.name);
        let _ = writeln!(out, "{indent}  position: {}", p.position);
        if let Some(ph) = &p.phone {
            let _ = writeln!(out, "{indent}  phone: {ph}");
        }
        if p.party {
            let _ = writeln!(out, "{indent}  party_member: true");
        }
        if !p.also.is_empty() {
            let _ = writeln!(out, "{indent}  also: {}", list(&p.also));
        }
        if !p.duties.is_empty() {
            let _ = writeln!(out, "{indent}  duties: {}", list(&p.duties));
        }
    } else {
        let mut s = format!("{{name: {}, position: {}", p.name, p.position);
        if let Some(ph) = &p.phone {
            let _ = write!(s, ", phone: {ph}");
        }
        if p.party {
            s.push_str(", party_member: true");
        }
        if !p.also.is_empty() {
            let _ = write!(s, ", also: {}", list(&p.also));
        }
        if !p.duties.is_empty() {
            let _ = write!(s, ", duties: {}", list(&p.duties));
        }
        let _ = writeln!(out, "{indent}- {s}}}");
    }
}

fn roster_yaml(out: &mut String, indent: &str, people: &[Person], rng: &mut Rng) {
    let _ = writeln!(out, "{indent}members:");
    for p in people {
        person_yaml(out, &format!("{indent}  "), p, rng.chance(35));
    }
}

// ---------------------------------------------------------------------------
// Communities.

#[derive(Debug)]
struct CommunityInfo {
    index: usize,
    name: String,
    /// Party secretary (also the residents' committee director): joint-meeting convener.
    secretary: String,
    deputy: String,
    /// Residents' committee members who serve as grid workers for compounds.
    grid: Vec<String>,
    lawyer: String,
    office_phone: String,
}

fn community(
    opts: &CityOptions,
    content: &Path,
    ci: usize,
    compounds: std::ops::Range<usize>,
    start: NaiveDate,
) -> Result<CitySummary, Error> {
    let mut rng = Rng::new(mix(opts.seed, ci, usize::MAX));
    let mut names = Names::default();
    let (zh, py) = COMMUNITIES[ci % COMMUNITIES.len()];
    let round = ci / COMMUNITIES.len();
    let name = format!("{zh}{}社区", ordinal(round));
    let slug = if round == 0 { py.to_string() } else { format!("{py}-{}", round + 1) };
    let dir = content.join(&slug);
    let code = ci % 1000;
    let phone = |k: usize| format!("0571-8{code:03}00{k:02}");
    let road = format!("{zh}路");

    let secretary = names.fresh(&mut rng);
    let deputy = names.fresh(&mut rng);
    let env_head = deputy.clone();
    let mut y = String::new();
    let _ = writeln!(y, "# {name}基本信息（{}年{}月更新）", opts.as_of.year(), opts.as_of.month());
    let _ = writeln!(y, "name: {name}\n");
    let _ = writeln!(y, "party_org:\n  name: 中共{name}委员会");
    let committee_member = names.fresh(&mut rng);
    let liaison = names.fresh(&mut rng);
    let party = vec![
        Person::new(secretary.clone(), "党委书记、居委会主任")
            .phone(&phone(1))
            .party(true)
            .duties(&["全面工作", "三方联席会议召集"]),
        Person::new(deputy.clone(), "党委副书记、居委会副主任")
            .phone(&phone(2))
            .party(true)
            .also("环境和物业管理委员会主任".into())
            .duties(&["物业管理服务", "联席会议办公室"]),
        Person::new(committee_member.clone(), "党委委员").phone(&phone(5)).party(true).duties(&["组织、宣传"]),
        Person::new(liaison, "党委兼职委员").party(true).duties(&["物业服务企业党建联络"]),
    ];
    roster_yaml(&mut y, "  ", &party, &mut rng);
    y.push('\n');
    let grid_count = 2 + compounds.len().div_ceil(3);
    let mut rc = vec![
        Person::new(secretary.clone(), "主任").phone(&phone(1)).party(true).duties(&["全面工作"]),
        Person::new(deputy.clone(), "副主任")
            .phone(&phone(2))
            .party(true)
            .duties(&["物业管理服务", "环境和物业管理委员会"]),
    ];
    let mut grid = Vec::new();
    for k in 0..grid_count {
        let n = names.fresh(&mut rng);
        grid.push(n.clone());
        let duty = rng.pick(RC_DUTIES);
        rc.push(Person::new(n, "委员").phone(&phone(3 + k)).party(rng.chance(60)).duties(&["小区网格", duty]));
    }
    rc.push(Person::new(committee_member, "委员").phone(&phone(5)).party(true).duties(&["民政、老龄", "残疾人服务"]));
    let _ = writeln!(y, "residents_committee:");
    roster_yaml(&mut y, "  ", &rc, &mut rng);
    y.push('\n');
    // Five or seven members, party members a majority, but now and then a
    // community that has not caught up with the rule (a realistic warning).
    let env_size = if rng.chance(8) { 4 } else { rng.pick(&[5usize, 7]) };
    let lawyer = names.fresh(&mut rng);
    let mut env = vec![
        Person::new(env_head, "主任").phone(&phone(2)).party(true).also("居委会副主任".into()),
        Person::new(grid[0].clone(), "副主任").phone(&phone(3)).also("居委会委员".into()),
        Person::new(lawyer.clone(), "委员").party(true).duties(&["社区律师", "法律咨询"]),
    ];
    while env.len() < env_size {
        let duty = rng.pick(ENV_DUTIES);
        env.push(
            Person::new(names.fresh(&mut rng), "委员").party(env.len() % 2 == 1 || rng.chance(40)).duties(&[duty]),
        );
    }
    let _ = writeln!(y, "env_committee:");
    roster_yaml(&mut y, "  ", &env, &mut rng);
    y.push('\n');
    let _ = writeln!(y, "contacts:");
    let _ = writeln!(
        y,
        "  - {{label: 社区党群服务中心, phone: {}, address: {road}1号, hours: 工作日 8:30-17:30}}",
        phone(0)
    );
    let _ =
        writeln!(y, "  - {{label: 社区警务室, phone: {}, address: {road}1号一楼, hours: 每天 8:30-20:00}}", phone(10));
    if rng.chance(50) {
        let _ = writeln!(
            y,
            "  - label: 周末值班\n    phone: {}\n    address: {road}1号\n    hours: 周六、周日 9:00-16:00",
            phone(0)
        );
    }
    let mut out = Out::default();
    out.put(&dir.join("community.yaml"), &y)?;

    let info = CommunityInfo { index: ci, name, secretary, deputy, grid, lawyer, office_phone: phone(0) };
    let mut sum = CitySummary::default();
    for (j, g) in compounds.enumerate() {
        let c = compound(opts, &dir, &info, &mut names, j, g, start)?;
        sum.compounds += 1;
        sum.cases += c.cases;
        sum.files += c.files;
        sum.bytes += c.bytes;
    }
    sum.files += out.files;
    sum.bytes += out.bytes;
    Ok(sum)
}

fn ordinal(round: usize) -> String {
    const ZH: [&str; 9] = ["", "二", "三", "四", "五", "六", "七", "八", "九"];
    ZH.get(round).map_or_else(|| format!("{}", round + 1), |s| s.to_string())
}

// ---------------------------------------------------------------------------
// Compounds.

/// What the files of one compound share.
#[derive(Debug)]
struct Ctx {
    name: String,
    buildings: i64,
    units: i64,
    owners_key: &'static str,
    owners_zh: &'static str,
    company: String,
    /// The joint meeting, convener first.
    joint: Vec<String>,
    owners_phone: String,
}

/// One case, before it is written: meetings and notices refer to it.
#[derive(Debug, Clone)]
struct CasePlan {
    id: String,
    title: String,
    lead: &'static str,
    received: NaiveDate,
    /// Open until this day (the city's today while it is open).
    open_until: NaiveDate,
}

fn compound(
    opts: &CityOptions,
    community_dir: &Path,
    info: &CommunityInfo,
    names: &mut Names,
    j: usize,
    global: usize,
    start: NaiveDate,
) -> Result<CitySummary, Error> {
    let mut rng = Rng::new(mix(opts.seed, info.index, j));
    let (stem, py, kind) = COMPOUNDS[global % COMPOUNDS.len()];
    let round = global / COMPOUNDS.len();
    let name = if round == 0 { format!("{stem}{kind}") } else { format!("{stem}{kind}{}期", cn_number(round + 1)) };
    let slug = if round == 0 { py.to_string() } else { format!("{py}-{}", round + 1) };
    let dir = community_dir.join(&slug);
    let code = info.index % 1000;
    let phone = |k: usize| format!("0571-8{code:03}{:02}{k:02}", (j + 1) % 100);
    let mut out = Out::default();

    let buildings = rng.range(6, 32);
    let units = rng.range(2, 5);
    let households = buildings * units * rng.range(10, 24) * 2;
    let self_managed = rng.chance(15);
    let (owners_key, owners_zh) =
        if self_managed { ("self_management", "物业自管组织") } else { ("owners_committee", "业委会") };
    let (co_stem, co_tail) = (rng.pick(COMPANY_STEMS), rng.pick(COMPANY_TAILS));
    let company = format!("杭州{co_stem}{co_tail}");

    // compound.yaml
    let secretary = names.fresh(&mut rng);
    let organiser = names.fresh(&mut rng);
    let publicist = names.fresh(&mut rng);
    let chair = names.fresh(&mut rng);
    let manager = names.fresh(&mut rng);
    let engineer = names.fresh(&mut rng);
    let mut y = String::new();
    let _ = writeln!(y, "name: {name}");
    let _ = writeln!(y, "address: 示范街道{}{}号", rng.pick(ROADS), rng.range(1, 399));
    let _ = writeln!(y, "households: {households}\n");
    let _ = writeln!(y, "compound_party_org:\n  name: {name}党支部");
    let cpo = vec![
        Person::new(secretary.clone(), "书记").phone(&phone(1)).party(true).also("物业义务质量总监".into()),
        Person::new(organiser, "组织委员").party(true).also("环境和物业管理委员会委员".into()),
        Person::new(publicist.clone(), "宣传委员").party(true).also(format!("{owners_zh}副主任")),
    ];
    roster_yaml(&mut y, "  ", &cpo, &mut rng);
    y.push('\n');
    let _ = writeln!(y, "{owners_key}:");
    let term_from = rng.range(2021, 2025);
    let month = rng.range(3, 9);
    let _ = writeln!(
        y,
        "  term: {{from: {term_from}-{month:02}-01, to: {}-{:02}-{}}}",
        term_from + 5,
        month - 1,
        last_day(term_from + 5, month - 1)
    );
    // Half or more party members and a party-member chair, except in the few
    // compounds a compliance warning is about.
    let compliant = rng.chance(90);
    let size = rng.pick(&[5usize, 7, 7, 9]);
    let mut owners = vec![
        Person::new(chair.clone(), "主任")
            .phone(&phone(2))
            .party(compliant || rng.chance(50))
            .duties(&["全面工作", "维修资金使用审核"]),
        Person::new(publicist.clone(), "副主任")
            .phone(&phone(2))
            .party(true)
            .also("小区党支部宣传委员".into())
            .duties(&["共有部分收益", "信息公开"]),
    ];
    while owners.len() < size {
        let duty = rng.pick(OWNER_DUTIES);
        let party = if compliant { owners.len() < size.div_ceil(2) + 1 } else { rng.chance(30) };
        owners.push(Person::new(names.fresh(&mut rng), "委员").party(party).duties(&[duty]));
    }
    roster_yaml(&mut y, "  ", &owners, &mut rng);
    y.push('\n');
    let _ = writeln!(y, "property_company:\n  name: {company}");
    let service_phone = phone(22);
    let _ = writeln!(y, "  service_phone: {service_phone}\n  repair_phone: {}", phone(33));
    let cf = rng.range(2023, 2026);
    let _ = writeln!(y, "  contract: {{from: {cf}-01-01, to: {}-12-31}}", cf + rng.range(1, 3));
    let staff = vec![
        Person::new(manager.clone(), "项目经理")
            .phone(&service_phone)
            .party(rng.chance(50))
            .also(format!("{}党委兼职委员", info.name)),
        Person::new(names.fresh(&mut rng), "客服主管").phone(&service_phone),
        Person::new(engineer.clone(), "工程主管").phone(&phone(33)),
        Person::new(names.fresh(&mut rng), "秩序维护主管"),
    ];
    roster_yaml(&mut y, "  ", &staff, &mut rng);
    let _ = writeln!(y, "  quality_supervisor:");
    let qs = Person::new(secretary.clone(), "义务质量总监").phone(&phone(1)).party(true).also("小区党支部书记".into());
    let mut q = String::new();
    person_yaml(&mut q, "", &qs, true);
    for line in q.lines() {
        let line = line.strip_prefix("- ").or_else(|| line.strip_prefix("  ")).unwrap_or(line);
        let _ = writeln!(y, "    {line}");
    }
    y.push('\n');
    let grid = info.grid[j % info.grid.len()].clone();
    let joint = vec![
        info.secretary.clone(),
        info.deputy.clone(),
        grid,
        secretary.clone(),
        chair.clone(),
        publicist,
        manager,
        engineer,
    ];
    let _ = writeln!(y, "joint_meeting:\n  convener: {}\n  members: [{}]\n", joint[0], joint.join(", "));
    let _ = writeln!(y, "contacts:");
    let _ = writeln!(
        y,
        "  - {{label: 物业服务中心, phone: {service_phone}, address: {name}{}号楼底层, hours: 每天 8:00-18:00}}",
        rng.range(1, buildings)
    );
    let _ = writeln!(y, "  - {{label: 24小时报修, phone: {}, address: {name}物业服务中心, hours: 全天}}", phone(33));
    let _ = writeln!(
        y,
        "  - {{label: {owners_zh}办公室, phone: {}, address: {name}会所二楼, hours: 每周二、周六 9:00-11:00}}",
        phone(2)
    );
    out.put(&dir.join("compound.yaml"), &y)?;

    let cx = Ctx { name, buildings, units, owners_key, owners_zh, company, joint, owners_phone: phone(2) };
    let cases = cases(opts, &dir, &cx, &mut rng, start, &mut out)?;
    meetings(opts, &dir, &cx, info, &cases, &mut rng, start, &mut out)?;
    notices(opts, &dir, &cx, info, global, &mut rng, start, &mut out)?;
    pledges(opts, &dir, &cx, &mut rng, &mut out)?;
    evaluations(opts, &dir, &cx, &mut rng, &mut out)?;
    Ok(CitySummary { communities: 0, compounds: 1, cases: cases.len(), files: out.files, bytes: out.bytes })
}

fn cn_number(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[n % 10]),
        20..=99 => format!("{}十{}", D[n / 10], if n.is_multiple_of(10) { "" } else { D[n % 10] }),
        _ => n.to_string(),
    }
}

fn last_day(y: i64, m: i64) -> u32 {
    let (y, m) = (i32::try_from(y).unwrap_or(2030), u32::try_from(m).unwrap_or(1));
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    next.and_then(|d| d.pred_opt()).map_or(28, |d| d.day())
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    d + Duration::days(n)
}

fn md(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// A template with `{b}` (building), `{u}` (unit), `{n}` (a small count),
/// `{c}` (the compound's name), `{co}` (the company) filled in.
fn fill(s: &str, rng: &mut Rng, cx: &Ctx, b: i64, u: i64) -> String {
    let mut out = s
        .replace("{b}", &b.to_string())
        .replace("{u}", &u.to_string())
        .replace("{c}", &cx.name)
        .replace("{co}", &cx.company);
    while let Some(i) = out.find("{n}") {
        let n = rng.range(2, 12).to_string();
        out.replace_range(i..i + 3, &n);
    }
    out
}

// ---------------------------------------------------------------------------
// Cases.

const STATUSES: [&str; 9] =
    ["received", "negotiating", "in_progress", "escalated", "extended", "suspended", "resolved", "reopened", "closed"];
const KINDS: [&str; 5] = ["daily", "major", "beyond", "legacy", "other"];

fn party_zh(key: &str) -> &'static str {
    match key {
        "party_org" => "社区党委",
        "residents_committee" => "居委会",
        "env_committee" => "环物委",
        "owners_committee" => "业委会",
        "self_management" => "自管组织",
        "property_company" => "物业",
        "compound_party_org" => "小区党支部",
        _ => "三方",
    }
}

/// A party as staff sometimes type it: one of its accepted Chinese labels.
fn party_label(key: &str) -> &'static str {
    match key {
        "party_org" => "党组织",
        "residents_committee" => "居委会",
        "env_committee" => "环物委",
        "owners_committee" => "业委会",
        "self_management" => "物业自管组织",
        "property_company" => "物业",
        "compound_party_org" => "小区党组织",
        _ => "三方",
    }
}

/// A status as staff sometimes type it: the Chinese label instead of the key.
fn status_label(key: &str, rng: &mut Rng) -> String {
    if !rng.chance(8) {
        return key.to_string();
    }
    match key {
        "received" => "已受理",
        "negotiating" => "三方会商中",
        "in_progress" => "办理中",
        "escalated" => "已上报",
        "extended" => "延期办理",
        "suspended" => "暂缓办理",
        "resolved" => "已办结",
        "reopened" => "重新办理",
        _ => "已关闭",
    }
    .to_string()
}

struct Step {
    date: NaiveDate,
    status: &'static str,
    by: &'static str,
    note: String,
    to: Option<&'static str>,
    due: Option<NaiveDate>,
}

#[allow(clippy::too_many_arguments)]
fn cases(
    opts: &CityOptions,
    dir: &Path,
    cx: &Ctx,
    rng: &mut Rng,
    start: NaiveDate,
    out: &mut Out,
) -> Result<Vec<CasePlan>, Error> {
    let span = (opts.as_of - start).num_days();
    // Received dates first, so that ids follow the order cases came in.
    let mut received: Vec<NaiveDate> = (0..opts.cases).map(|_| days(start, rng.range(0, span - 1))).collect();
    received.sort();
    let mut seq = (0, 0);
    let mut plans = Vec::with_capacity(opts.cases);
    for (i, r) in received.into_iter().enumerate() {
        if seq.0 != r.year() {
            seq = (r.year(), 0);
        }
        seq.1 += 1;
        let id = format!("{}-{:03}", seq.0, seq.1);
        // Every status and kind in every compound that has enough cases: the
        // most recent cases take the early statuses, which need little time.
        let forced_status = (opts.cases - 1 - i < STATUSES.len()).then(|| STATUSES[opts.cases - 1 - i]);
        let forced_kind = (i < KINDS.len()).then(|| KINDS[i]);
        let (plan, text) = case(opts, cx, rng, &id, r, forced_status, forced_kind, i);
        out.put(&dir.join("cases").join(format!("{id}.md")), &text)?;
        plans.push(plan);
    }
    Ok(plans)
}

#[allow(clippy::too_many_arguments)]
fn case(
    opts: &CityOptions,
    cx: &Ctx,
    rng: &mut Rng,
    id: &str,
    received: NaiveDate,
    forced_status: Option<&'static str>,
    forced_kind: Option<&'static str>,
    index: usize,
) -> (CasePlan, String) {
    let as_of = opts.as_of;
    let age = (as_of - received).num_days();
    let kind = forced_kind.unwrap_or_else(|| KINDS[rng.weighted(&[62, 10, 10, 8, 10])]);
    let topic = match kind {
        "beyond" => &BEYOND[rng.below(BEYOND.len())],
        "legacy" => &LEGACY[rng.below(LEGACY.len())],
        _ => &TOPICS[rng.below(TOPICS.len())],
    };
    let status = forced_status.unwrap_or_else(|| {
        let w: [u32; 9] = match age {
            0..=6 => [40, 30, 30, 0, 0, 0, 0, 0, 0],
            7..=45 => [4, 8, 30, 8, 8, 4, 30, 2, 6],
            _ => [0, 0, 2, 2, 2, 2, 70, 2, 20],
        };
        STATUSES[rng.weighted(&w)]
    });
    let b = rng.range(1, cx.buildings);
    let u = rng.range(1, cx.units);
    let ti = rng.below(topic.titles.len());
    let title = fill(topic.titles[ti], rng, cx, b, u);
    let location = fill(topic.places[ti % topic.places.len()], rng, cx, b, u);
    let result_text = fill(topic.results[ti % topic.results.len()], rng, cx, b, u);
    let lead = topic.lead;
    let partners: Vec<&str> = ["residents_committee", cx.owners_key, "property_company"]
        .into_iter()
        .filter(|p| *p != lead)
        .take(rng.range(0, 2) as usize)
        .collect();
    let channel = rng.pick(CHANNELS);
    let due_days = match kind {
        "major" | "legacy" | "beyond" => rng.range(30, 90),
        _ => rng.range(7, 40),
    };
    let due = (!rng.chance(8)).then(|| days(received, due_days));

    // The chain of updates, as gaps in days; squeezed to fit before as_of.
    let mut plan: Vec<(&'static str, i64)> = vec![("received", 0)];
    let negotiated = status != "received";
    if negotiated {
        plan.push(("negotiating", rng.range(1, 6)));
    }
    let worked = matches!(status, "in_progress" | "escalated" | "extended" | "suspended" | "resolved" | "reopened");
    if worked {
        plan.push(("in_progress", rng.range(1, 8)));
        if rng.chance(45) {
            plan.push(("in_progress", rng.range(3, 15)));
        }
    }
    match status {
        "escalated" => plan.push(("escalated", rng.range(2, 10))),
        "extended" => plan.push(("extended", rng.range(3, 15))),
        "suspended" => plan.push(("suspended", rng.range(3, 15))),
        "resolved" | "reopened" => {
            if rng.chance(15) {
                plan.push(("escalated", rng.range(2, 8)));
                plan.push(("in_progress", rng.range(5, 20)));
            } else if rng.chance(15) {
                plan.push(("extended", rng.range(5, 15)));
            }
            plan.push(("resolved", rng.range(3, 25)));
            if status == "reopened" {
                plan.push(("reopened", rng.range(5, 20)));
            }
        }
        "closed" => plan.push(("closed", rng.range(2, 15))),
        _ => {}
    }
    // Leave room for a revisit after a resolution when there is time.
    let room = (age - if status == "resolved" { 7 } else { 0 }).max(0);
    let total: i64 = plan.iter().map(|p| p.1).sum();
    let mut date = received;
    let mut steps = Vec::new();
    let mut current_due = due;
    let (progress_from, mut progress) = (rng.below(topic.progress.len()), 0);
    for (k, (st, gap)) in plan.iter().enumerate() {
        let gap = if total > room { gap * room / total.max(1) } else { *gap };
        date = days(date, gap).min(as_of);
        let by: &'static str = match *st {
            "received" => rng.pick(&["residents_committee", "property_company", "residents_committee"]),
            "negotiating" => "joint",
            "escalated" => rng.pick(&["party_org", "residents_committee"]),
            "reopened" => "residents_committee",
            _ if k % 3 == 0 => "joint",
            _ => lead,
        };
        let mut s = Step { date, status: st, by, note: String::new(), to: None, due: None };
        s.note = match *st {
            "received" => format!("{}{}", rng.pick(RECEIVED_NOTES), rng.pick(RECEIVED_TAILS)),
            "negotiating" => rng.pick(NEGOTIATING_NOTES).to_string(),
            "in_progress" => {
                progress += 1;
                fill(topic.progress[(progress_from + progress) % topic.progress.len()], rng, cx, b, u)
            }
            "escalated" => {
                let dept = rng.pick(topic.departments);
                s.to = Some(dept);
                format!("{}，报请{dept}协调处理", rng.pick(ESCALATE_NOTES))
            }
            "extended" => {
                let new_due = days(current_due.unwrap_or(date).max(date), rng.range(14, 45));
                s.due = Some(new_due);
                current_due = Some(new_due);
                format!("{}，办结时限延至{}", rng.pick(EXTEND_REASONS), md(new_due))
            }
            "suspended" => rng.pick(SUSPEND_REASONS).to_string(),
            "resolved" => result_text.clone(),
            "reopened" => {
                let new_due = days(date, rng.range(10, 30));
                s.due = Some(new_due);
                current_due = Some(new_due);
                format!("{}，重新交办，办结时限调整为{}", rng.pick(REOPEN_NOTES), md(new_due))
            }
            _ => rng.pick(CLOSE_NOTES).to_string(),
        };
        steps.push(s);
    }
    // Most open cases get a recent word; the rest are the stale ones the
    // compliance page is for.
    if matches!(status, "negotiating" | "in_progress" | "escalated" | "suspended" | "reopened")
        && (as_of - date).num_days() > 14
        && rng.chance(75)
    {
        let latest = days(as_of, -rng.range(0, 13));
        let prev = steps.last().map(|s| (s.to, s.note.clone()));
        let (to, prev_note) = prev.unwrap_or_default();
        let note = match status {
            "suspended" => format!("{}，仍暂缓办理", prev_note.trim_end_matches('。')),
            "negotiating" => "三方继续会商，征求相关楼栋居民意见".to_string(),
            _ => rng.pick(FOLLOW_UPS).to_string(),
        };
        date = latest;
        steps.push(Step { date, status: steps.last().map_or(status, |s| s.status), by: lead, note, to, due: None });
    }
    let last = date;
    let opinion =
        negotiated.then(|| (steps.get(1).map_or(received, |s| s.date), fill(rng.pick(topic.measures), rng, cx, b, u)));

    let mut y = String::with_capacity(4096);
    y.push_str("---\n");
    let _ = writeln!(y, "title: {title}");
    if kind != "daily" || rng.chance(70) {
        let _ = writeln!(y, "kind: {kind}");
    }
    let _ = writeln!(y, "category: {}", topic.category);
    let _ = writeln!(y, "channel: {channel}");
    let _ = writeln!(
        y,
        "received: {}",
        if rng.chance(5) {
            format!("{}年{}月{}日", received.year(), received.month(), received.day())
        } else {
            received.to_string()
        }
    );
    let _ = writeln!(y, "location: {location}");
    let _ = writeln!(y, "lead: {lead}");
    if !partners.is_empty() {
        let _ = writeln!(y, "partners: [{}]", partners.join(", "));
    }
    if let Some(d) = due {
        let _ = writeln!(y, "due: {d}");
    }
    if let Some((d, t)) = &opinion {
        let _ = writeln!(y, "opinion:\n  date: {d}\n  text: {t}");
    }
    let _ = writeln!(y, "status: {}", status_label(status, rng));
    y.push_str("updates:\n");
    for s in &steps {
        let by = if rng.chance(10) { party_label(s.by).to_string() } else { s.by.to_string() };
        let mut line =
            format!("{{date: {}, status: {}, by: {by}, note: {}", s.date, status_label(s.status, rng), s.note);
        if let Some(t) = s.to {
            let _ = write!(line, ", to: {t}");
        }
        if let Some(d) = s.due {
            let _ = write!(line, ", due: {d}");
        }
        if line.len() > 150 && rng.chance(50) {
            // Long entries in block style, as the example site does.
            let _ = writeln!(y, "  - date: {}\n    status: {}\n    by: {by}\n    note: {}", s.date, s.status, s.note);
            if let Some(t) = s.to {
                let _ = writeln!(y, "    to: {t}");
            }
            if let Some(d) = s.due {
                let _ = writeln!(y, "    due: {d}");
            }
        } else {
            let _ = writeln!(y, "  - {line}}}");
        }
    }
    let resolved_at = steps.iter().rev().find(|s| s.status == "resolved").map(|s| s.date);
    if let Some(d) = resolved_at {
        let outcome = rng.pick(&["resolved", "resolved", "resolved", "partial", "explained"]);
        let outcome = if index == 3 { "partial" } else { outcome };
        let _ = writeln!(y, "result:\n  date: {d}\n  outcome: {outcome}\n  text: {result_text}");
        let visit = days(d, rng.range(3, 10));
        if visit <= as_of && (status == "reopened" || rng.chance(92)) {
            let sat = if status == "reopened" {
                "unsatisfied"
            } else {
                rng.pick(&["satisfied", "satisfied", "satisfied", "basic", "basic", "unsatisfied", "none"])
            };
            let _ = writeln!(y, "revisit: {{date: {visit}, satisfaction: {sat}}}");
        }
    } else if status == "closed" {
        let outcome = ["explained", "transferred", "not_accepted", "withdrawn"][(index + rng.below(4)) % 4];
        let text = match outcome {
            "explained" => "经核实，反映事项属于正常情况，已向居民当面解释说明相关规定，居民表示理解。",
            "transferred" => "该事项不属于三方职责范围，已转交相关职能部门办理，转办情况已告知居民。",
            "not_accepted" => {
                "经三方核实，反映事项属于业主个人之间的民事纠纷，已告知居民通过人民调解或诉讼途径解决，不予受理。"
            }
            _ => "反映人表示问题已自行协商解决，申请撤回，经回访确认后关闭。",
        };
        let _ = writeln!(y, "result:\n  date: {last}\n  outcome: {outcome}\n  text: {text}");
    }
    if rng.chance(85) {
        // Written out (3号楼2单元1201室), not as 3-2-1201: the privacy gate
        // matches a value of digits across separators, so at city scale a
        // room like 20-2-702 or 8-2-801 turns up in some date ("2027-02") or
        // table of scores ("82 / 80.1"), a false alarm that stops publishing.
        let room = format!("{b}号楼{u}单元{}{:02}室", rng.range(1, 18), rng.range(1, 4));
        let reporter = resident(rng);
        let mobile =
            format!("1{}{}{:08}", rng.pick(&["3", "5", "7", "8", "9"]), rng.range(0, 9), rng.next() % 100_000_000);
        let _ = writeln!(y, "private:\n  reporter: {reporter}\n  phone: \"{mobile}\"");
        if rng.chance(80) {
            let _ = writeln!(y, "  room: {room}");
        }
    }
    y.push_str("---\n");
    case_body(&mut y, rng, cx, topic, ti, b, u, status, received, opinion.as_ref().map(|o| o.1.as_str()));

    let open_until = if matches!(status, "resolved" | "closed") { last } else { as_of };
    (CasePlan { id: id.to_string(), title, lead, received, open_until }, y)
}

/// The public description: the problem as residents put it, then how it was
/// handled, padded to a length drawn per case from sentences never repeated.
#[allow(clippy::too_many_arguments)]
fn case_body(
    y: &mut String,
    rng: &mut Rng,
    cx: &Ctx,
    topic: &Topic,
    ti: usize,
    b: i64,
    u: i64,
    status: &str,
    received: NaiveDate,
    opinion: Option<&str>,
) {
    let target = rng.range(300, 1500) as usize;
    let start = y.len();
    let chars = |y: &String| y[start..].chars().count();
    let first = ti % topic.problems.len();
    let _ = writeln!(y, "{}{}\n", fill(topic.problems[first], rng, cx, b, u), rng.pick(IMPACTS));
    let mut pool: Vec<&str> = topic
        .problems
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != first && *i >= topic.titles.len())
        .map(|(_, p)| *p)
        .collect();
    pool.extend_from_slice(topic.causes);
    pool.extend_from_slice(GENERAL);
    pool.extend_from_slice(SUPERVISION);
    pool.extend_from_slice(DETAILS);
    // Fisher–Yates, so that padding never repeats a sentence.
    for i in (1..pool.len()).rev() {
        pool.swap(i, rng.below(i + 1));
    }
    let mut pool = pool.into_iter();
    let _ = writeln!(y, "{}{}\n", rng.pick(INTAKE), fill(topic.causes[rng.below(topic.causes.len())], rng, cx, b, u));
    if let Some(o) = opinion.filter(|_| chars(y) < target) {
        let _ = writeln!(y, "**三方协商意见。** {o}\n");
    }
    if chars(y) < target && rng.chance(60) {
        y.push_str("办理过程：\n\n");
        let mut d = received;
        let from = rng.below(topic.progress.len());
        for k in 0..rng.range(2, 4) as usize {
            d = days(d, rng.range(1, 6));
            let _ = writeln!(
                y,
                "{}. {}：{}",
                k + 1,
                md(d),
                fill(topic.progress[(from + k) % topic.progress.len()], rng, cx, b, u)
            );
        }
        y.push('\n');
    }
    while chars(y) < target {
        let Some(a) = pool.next() else { break };
        let b2 = pool.next().unwrap_or_default();
        let _ = writeln!(y, "{}{}\n", fill(a, rng, cx, b, u), fill(b2, rng, cx, b, u));
    }
    let closing = match status {
        "resolved" | "closed" => rng.pick(CLOSING_DONE),
        _ => rng.pick(CLOSING_OPEN),
    };
    let _ = writeln!(y, "{closing}");
}

// ---------------------------------------------------------------------------
// Meetings: in the last week of every even month (a fixed day per compound,
// so that no gap exceeds two months), and now and then a special one.

#[allow(clippy::too_many_arguments)]
fn meetings(
    opts: &CityOptions,
    dir: &Path,
    cx: &Ctx,
    info: &CommunityInfo,
    cases: &[CasePlan],
    rng: &mut Rng,
    start: NaiveDate,
    out: &mut Out,
) -> Result<(), Error> {
    let day = rng.range(24, 28) as u32;
    let mut dates: Vec<(NaiveDate, &'static str, &'static str)> = Vec::new();
    for year in start.year()..=opts.as_of.year() {
        for month in [2, 4, 6, 8, 10, 12] {
            if let Some(d) = NaiveDate::from_ymd_opt(year, month, day).filter(|d| *d >= start && *d <= opts.as_of) {
                let form = if rng.chance(12) {
                    "onsite"
                } else if rng.chance(8) {
                    "video"
                } else {
                    "regular"
                };
                dates.push((d, form, ""));
            }
        }
        if rng.chance(35) {
            let m = rng.pick(&[3u32, 5, 7, 9, 11]);
            if let Some(d) =
                NaiveDate::from_ymd_opt(year, m, rng.range(5, 20) as u32).filter(|d| *d >= start && *d <= opts.as_of)
            {
                dates.push((d, "special", rng.pick(&["zhuanti", "linshi", "jinji"])));
            }
        }
    }
    dates.sort();
    for (date, form, slug) in dates {
        // The cases open in the two months before the meeting are its agenda.
        let window = days(date, -60);
        let mut agenda: Vec<&CasePlan> =
            cases.iter().filter(|c| c.received <= date && c.received >= window && c.open_until >= date).collect();
        let take = if form == "special" { 1 } else { rng.range(2, 5) as usize };
        while agenda.len() > take {
            agenda.remove(rng.below(agenda.len()));
        }
        let mut y = String::with_capacity(4096);
        y.push_str("---\n");
        let _ = writeln!(y, "date: {date}");
        if form != "regular" || rng.chance(70) {
            let _ = writeln!(y, "form: {form}");
        }
        let attendees: Vec<&str> = cx.joint.iter().map(String::as_str).filter(|_| rng.chance(92)).collect();
        let _ = writeln!(y, "convener: {}", cx.joint[0]);
        let _ = writeln!(y, "attendees: [{}]", attendees.join(", "));
        let mut observers = vec![format!("社区律师 {}", info.lawyer)];
        if rng.chance(60) {
            observers.push(format!("业主代表 {}名", rng.range(2, 6)));
        }
        if rng.chance(40) {
            observers.push((rng.pick(OBSERVERS)).to_string());
        }
        let _ = writeln!(y, "observers: [{}]", observers.join(", "));
        let mut topics: Vec<String> = agenda.iter().map(|c| c.title.clone()).collect();
        if topics.is_empty() || rng.chance(50) {
            topics.push((rng.pick(ROUTINE_TOPICS)).to_string());
        }
        let _ = writeln!(y, "topics: [{}]", topics.join(", "));
        if !agenda.is_empty() {
            y.push_str("decisions:\n");
            for c in &agenda {
                let due = days(date, rng.range(7, 30));
                let action = rng.pick(DECISIONS);
                // Most decisions past their due date were carried out around
                // it, whether or not the linked case is closed yet; about one
                // in ten is not (a realistic share of decision-overdue warnings).
                let done = if due < opts.as_of && rng.chance(90) {
                    let on = days(due, rng.range(-6, 4)).max(days(date, 1)).min(opts.as_of);
                    format!(", done: {on}")
                } else {
                    String::new()
                };
                let _ = writeln!(
                    y,
                    "  - {{text: {}{}前{action}, lead: {}, due: {due}{done}, case: {}}}",
                    party_zh(c.lead),
                    md(due),
                    c.lead,
                    c.id
                );
            }
        }
        y.push_str("---\n");
        let heading = if form == "special" { "临时联席会议纪要" } else { "会议纪要" };
        let _ = writeln!(y, "## {heading}\n");
        let _ = writeln!(y, "{}{}主持会议，{}。\n", md(date), cx.joint[0], rng.pick(MEETING_OPENINGS));
        for (k, c) in agenda.iter().enumerate() {
            let _ = writeln!(
                y,
                "**{}、{}（{}）。** {}{}\n",
                cn_number(k + 1),
                c.title,
                c.id,
                rng.pick(MEETING_DISCUSS),
                rng.pick(MEETING_AGREE)
            );
        }
        for t in topics.iter().skip(agenda.len()) {
            let _ = writeln!(y, "**{}、{t}。** {}\n", cn_number(agenda.len() + 1), rng.pick(ROUTINE_MINUTES));
        }
        let _ = writeln!(y, "{}", rng.pick(MEETING_CLOSINGS));
        let stem = if slug.is_empty() { date.to_string() } else { format!("{date}-{slug}") };
        out.put(&dir.join("meetings").join(format!("{stem}.md")), &y)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Notices: every kind somewhere in each compound with enough history.

#[allow(clippy::too_many_arguments)]
fn notices(
    opts: &CityOptions,
    dir: &Path,
    cx: &Ctx,
    info: &CommunityInfo,
    global: usize,
    rng: &mut Rng,
    start: NaiveDate,
    out: &mut Out,
) -> Result<(), Error> {
    const ALL: [&str; 7] =
        ["maintenance_fund", "company_change", "fee_change", "common_income", "election", "repair", "other"];
    let count = rng.range(5, 9) as usize;
    let span = (opts.as_of - start).num_days();
    let mut stems = HashSet::new();
    for k in 0..count {
        let kind = ALL[(global + k) % ALL.len()];
        let published = days(start, rng.range(10, span));
        let b = rng.range(1, cx.buildings);
        let (slug, title, body) = notice_text(kind, rng, cx, b, published);
        let mut stem = format!("{published}-{slug}");
        if !stems.insert(stem.clone()) {
            stem.push_str("-2");
            stems.insert(stem.clone());
        }
        let mut y = String::with_capacity(4096);
        y.push_str("---\n");
        let _ = writeln!(y, "title: {title}");
        let _ = writeln!(y, "kind: {kind}");
        let _ = writeln!(y, "published: {published}");
        let until = days(published, rng.range(7, 15));
        let _ = writeln!(y, "until: {until}");
        if kind != "other" {
            // Reported in advance, save the rare late report the compliance page is for.
            let reported = if rng.chance(4) { days(published, 2) } else { days(published, -rng.range(3, 12)) };
            let _ = writeln!(y, "reported: {reported}");
        }
        let amount = match kind {
            "maintenance_fund" => Some(rng.range(8, 90) * 10_000),
            "repair" => Some(rng.range(12, 300) * 1000),
            "common_income" => Some(rng.range(40, 400) * 1000),
            _ => None,
        };
        if let Some(a) = amount {
            let _ = writeln!(y, "amount: {a}");
        }
        if kind == "maintenance_fund" || (kind == "repair" && rng.chance(40)) {
            let file = format!("{b}号楼维修方案及预算（{}）.pdf", published.year());
            let _ = writeln!(y, "attachments: [attachments/{file}]");
            let pdf = tiny_pdf(&format!("{} {}", cx.name, title));
            let path = dir.join("attachments").join(&file);
            write(&path, &pdf)?;
            out.files += 1;
            out.bytes += pdf.len() as u64;
        }
        y.push_str("---\n");
        y.push_str(&body);
        let amount_line = amount
            .map(|a| format!("\n本事项涉及金额人民币{}元，明细见附件或到物业服务中心查阅。\n", group_digits(a)))
            .unwrap_or_default();
        y.push_str(&amount_line);
        let _ = writeln!(
            y,
            "\n公示期：{}至{}。对公示内容有异议的，请在公示期内书面投递至{}办公室，或致电 {}；也可致电{}党群服务中心 {}。\n",
            md(published),
            md(until),
            cx.owners_zh,
            cx.owners_phone,
            info.name,
            info.office_phone
        );
        let signer = if matches!(kind, "other" | "fee_change") {
            format!("{}{}项目部", cx.company, cx.name)
        } else {
            format!("{}{}", cx.name, party_zh(cx.owners_key))
        };
        let _ = writeln!(y, "{signer}\n{}年{}", published.year(), md(published));
        out.put(&dir.join("notices").join(format!("{stem}.md")), &y)?;
    }
    Ok(())
}

fn group_digits(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn notice_text(kind: &str, rng: &mut Rng, cx: &Ctx, b: i64, published: NaiveDate) -> (&'static str, String, String) {
    let y = published.year();
    let mut body = String::from("全体业主、住户：\n\n");
    let (slug, title) = match kind {
        "maintenance_fund" => {
            let _ = writeln!(
                body,
                "{b}号楼{}，经{}检查评估，需使用住宅专项维修资金进行维修。方案已经三方联席会议审议，并提前书面报告社区党委和居委会。现将有关事项公示如下：\n",
                rng.pick(FUND_REASONS),
                rng.pick(&["专业检测机构", "物业和维保单位", "区住建局委托的鉴定机构"])
            );
            body.push_str("1. **维修内容**：按方案对相关部位进行整体维修，施工单位通过比选确定。\n2. **资金来源**：相关业主的住宅专项维修资金，按专有部分建筑面积分摊，分摊明细张贴在各单元公告栏。\n3. **施工安排**：分段施工，施工期间物业安排专人值守，做好安全防护。\n4. **表决**：公示期满后，由相关业主依法表决。\n");
            (
                "weixiu-zijin",
                format!(
                    "关于使用住宅专项维修资金维修{b}号楼{}的公示",
                    rng.pick(&["电梯", "屋面防水", "外墙", "消防设施", "供水管道"])
                ),
            )
        }
        "company_change" => {
            let _ = writeln!(
                body,
                "{}物业服务合同将于{}年底到期。经{}提议、三方联席会议讨论，拟通过公开招标选聘物业服务企业。选聘方案、评标办法和合同主要条款已报告社区党委和居委会，并经街道审核。\n",
                cx.name, y, cx.owners_zh
            );
            body.push_str("选聘工作按以下步骤进行：发布招标公告，资格审查，公开开标评标，业主大会表决，公示选聘结果。全过程接受社区党委、居委会和业主代表监督，评标现场向业主代表开放。\n");
            ("wuye-xuanpin", format!("{}物业服务企业选聘方案公示", cx.name))
        }
        "fee_change" => {
            let _ = writeln!(
                body,
                "因人工成本和公共能耗上涨，{}申请调整物业服务费。调整方案已向{}和社区党委、居委会报告，并委托第三方机构对近三年物业服务费收支进行了审计。\n",
                cx.company, cx.owners_zh
            );
            let _ = writeln!(
                body,
                "| 类型 | 现行标准（元/平方米·月） | 拟调整标准（元/平方米·月） |\n|---|---:|---:|\n| 多层住宅 | {:.2} | {:.2} |\n| 高层住宅 | {:.2} | {:.2} |\n",
                0.8 + rng.below(5) as f64 * 0.1,
                1.0 + rng.below(5) as f64 * 0.1,
                1.6 + rng.below(6) as f64 * 0.1,
                1.9 + rng.below(6) as f64 * 0.1
            );
            body.push_str("调整方案须经业主大会表决通过后方可执行。审计报告可在物业服务中心查阅。\n");
            ("wuyefei-tiaozheng", format!("关于{}物业服务费调整方案的公示", cx.name))
        }
        "common_income" => {
            let half =
                if published.month() <= 6 { format!("{}年下半年", y - 1) } else { format!("{y}年上半年") };
            let _ = writeln!(
                body,
                "根据小区管理规约和“三方联动”公示制度，现将{half}业主共有部分经营收益情况公示如下。本公示已书面报告社区党委和居委会，收支明细经社区环境和物业管理委员会审核。\n"
            );
            let park = rng.range(50, 200) * 1000;
            let ad = rng.range(10, 90) * 1000;
            let _ = writeln!(
                body,
                "| 项目 | 金额（元） |\n|---|---:|\n| 地面停车位停车费 | {} |\n| 电梯轿厢广告 | {} |\n| **收入合计** | **{}** |\n",
                group_digits(park),
                group_digits(ad),
                group_digits(park + ad)
            );
            body.push_str("本期结余归全体业主所有，按业主大会决定用于公共设施维护和补充维修资金。\n");
            ("gongyou-shouyi", format!("{}{half}共有部分经营收益公示", cx.name))
        }
        "election" => {
            let what = if cx.owners_key == "self_management" {
                "物业自管组织成员调整"
            } else {
                "业主委员会换届选举"
            };
            let _ = writeln!(
                body,
                "{}{}工作已启动。换届选举工作小组由社区党委牵头组建，候选人经小区党支部、居委会联合资格审查，党员候选人比例不低于百分之五十。\n",
                cx.name, what
            );
            body.push_str("候选人名单张贴在各单元公告栏。业主对候选人有异议的，可在公示期内向换届选举工作小组书面反映。投票采用书面和电子投票相结合的方式，具体安排另行通知。\n");
            ("huanjie-xuanju", format!("{}{what}候选人公示", cx.name))
        }
        "repair" => {
            let _ = writeln!(
                body,
                "为解决{}，经三方联席会议研究，拟对{b}号楼及周边公共部位进行维修改造。改造方案已提前报告社区党委和居委会，费用从共有部分收益中列支。\n",
                rng.pick(REPAIR_REASONS)
            );
            body.push_str("施工期间请居民注意安全，照看好老人和儿童，车辆请按指引绕行。施工单位将严格控制作业时间，中午和夜间不进行产生噪音的作业。\n");
            ("gonggong-weixiu", format!("关于{b}号楼公共部位维修改造的公示"))
        }
        _ => {
            let what = rng.pick(&[
                "二次供水水箱清洗消毒暂停供水",
                "高压配电设备检修临时停电",
                "消防设施年度检测",
                "化粪池清掏作业",
            ]);
            let _ = writeln!(
                body,
                "根据设施设备维护计划，物业定于{}对小区进行{what}，届时{b}号楼至{}号楼可能受影响，请提前做好准备。\n",
                md(days(published, 3)),
                (b + 4).min(cx.buildings).max(b)
            );
            body.push_str(
                "作业期间物业工作人员全程值守，如遇特殊情况请及时联系物业服务中心。给大家带来的不便，敬请谅解。\n",
            );
            ("tongzhi", format!("关于{what}的通知"))
        }
    };
    (slug, title, body)
}

/// A valid one-page PDF, small enough that a thousand compounds cost little.
fn tiny_pdf(label: &str) -> Vec<u8> {
    let text: String = label.chars().filter(char::is_ascii_alphanumeric).collect();
    let stream = format!("BT /F1 12 Tf 72 720 Td (gongshi synthetic attachment {text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        let _ = write!(pdf, "{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = pdf.len();
    let _ = write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(pdf, "{o:010} 00000 n ");
    }
    let _ = write!(pdf, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
    pdf.into_bytes()
}

// ---------------------------------------------------------------------------
// Pledges and evaluations.

fn pledges(opts: &CityOptions, dir: &Path, cx: &Ctx, rng: &mut Rng, out: &mut Out) -> Result<(), Error> {
    for year in START.0..=opts.as_of.year() {
        let current = year == opts.as_of.year();
        let mut y = String::new();
        let _ = writeln!(y, "# {}{year}年度三方服务承诺", cx.name);
        let _ = writeln!(y, "year: {year}\npublished: {year}-{:02}-{:02}", rng.range(2, 3), rng.range(1, 28));
        let parties: [(&str, &[&str]); 4] = [
            ("residents_committee", RC_PLEDGES),
            (cx.owners_key, OWNER_PLEDGES),
            ("property_company", COMPANY_PLEDGES),
            ("compound_party_org", CPO_PLEDGES),
        ];
        for (k, (party, table)) in parties.iter().enumerate() {
            if k == 3 && rng.chance(50) {
                continue;
            }
            let _ = writeln!(y, "{party}:");
            let n = rng.range(2, 4) as usize;
            let first = rng.below(table.len());
            for i in 0..n {
                let b = rng.range(1, cx.buildings);
                let text = fill(table[(first + i) % table.len()], rng, cx, b, 1);
                let status = if current {
                    ["planned", "in_progress", "in_progress", "fulfilled", "partial"][rng.below(5)]
                } else {
                    ["fulfilled", "fulfilled", "fulfilled", "partial", "unfulfilled"][rng.below(5)]
                };
                if status == "planned" && rng.chance(70) {
                    let _ = writeln!(y, "  - {text}");
                } else {
                    let _ = writeln!(y, "  - text: {text}\n    status: {status}");
                    if status != "planned" && rng.chance(50) {
                        let _ = writeln!(y, "    note: {}", rng.pick(PLEDGE_NOTES));
                    }
                }
            }
        }
        out.put(&dir.join("pledges").join(format!("{year}.yaml")), &y)?;
    }
    Ok(())
}

fn evaluations(opts: &CityOptions, dir: &Path, cx: &Ctx, rng: &mut Rng, out: &mut Out) -> Result<(), Error> {
    for year in (START.0 - 1)..opts.as_of.year() {
        let mut y = String::new();
        let _ = writeln!(y, "# {}{year}年度“三方”履职评议结果", cx.name);
        let _ = writeln!(y, "year: {year}\ndate: {year}-12-{}\nresults:", rng.range(15, 28));
        let participants = rng.range(60, 220);
        for party in ["residents_committee", cx.owners_key, "property_company"] {
            let score = rng.range(680, 985) as f64 / 10.0;
            let grade = match score {
                s if s >= 90.0 => "优秀",
                s if s >= 80.0 => "良好",
                s if s >= 70.0 => "合格",
                _ => "基本合格",
            };
            let _ = writeln!(
                y,
                "  - {{party: {party}, score: {score:.1}, grade: {grade}, participants: {participants}, comment: {}}}",
                rng.pick(EVAL_COMMENTS)
            );
        }
        out.put(&dir.join("evaluations").join(format!("{year}.yaml")), &y)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_in_range() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..1000 {
            let x = a.range(3, 9);
            assert_eq!(x, b.range(3, 9));
            assert!((3..=9).contains(&x));
        }
        assert_eq!(Rng::new(1).below(0), 0);
    }

    #[test]
    fn public_phrases_carry_no_personal_information() {
        let mut all: Vec<&str> = Vec::new();
        for t in TOPICS.iter().chain(BEYOND).chain(LEGACY) {
            for list in [t.titles, t.places, t.problems, t.causes, t.measures, t.progress, t.results] {
                all.extend_from_slice(list);
            }
        }
        for list in [
            GENERAL,
            SUPERVISION,
            DETAILS,
            INTAKE,
            IMPACTS,
            MEETING_DISCUSS,
            RC_PLEDGES,
            OWNER_PLEDGES,
            COMPANY_PLEDGES,
        ] {
            all.extend_from_slice(list);
        }
        for s in all {
            // Building and unit numbers as the generator fills them in.
            let s = s.replace("{b}", "12").replace("{u}", "3").replace("{n}", "5");
            assert!(gongshi::scan_for_personal_data(&s).is_empty(), "{s}");
            assert!(!s.contains(['{', '}', ':', ',', '#', '[', ']']), "YAML-unsafe: {s}");
        }
    }

    #[test]
    fn tiny_pdf_is_well_formed() {
        let pdf = tiny_pdf("x");
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
    }
}
