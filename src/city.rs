//! `gongshi gen-city` (hidden): a synthetic city for the benchmark of issue
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

use crate::error::Error;

/// Compounds per community, as in a typical urban street.
const PER_COMMUNITY: usize = 10;
/// The first day cases, meetings and notices may carry.
const START: (i32, u32, u32) = (2025, 1, 6);

/// `gongshi gen-city`: hidden, for the benchmark and its CI smoke test.
#[derive(Debug, clap::Args)]
pub struct GenCityArgs {
    /// Site folder to create; `content/` inside it must be absent or empty.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value_t = 100)]
    pub compounds: usize,
    /// Cases per compound.
    #[arg(long, default_value_t = 100)]
    pub cases: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The city's "today": nothing is dated later. Build with the same `--as-of`.
    #[arg(long, default_value = "2026-11-27", value_parser = parse_as_of)]
    pub as_of: NaiveDate,
}

fn parse_as_of(s: &str) -> Result<NaiveDate, String> {
    crate::validate::parse_date(s).map_err(|_| format!("date must be YYYY-MM-DD: {s}"))
}

impl GenCityArgs {
    pub fn options(&self) -> CityOptions {
        CityOptions {
            out: self.out.clone(),
            compounds: self.compounds,
            cases: self.cases,
            seed: self.seed,
            as_of: self.as_of,
        }
    }
}

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
        return Err(Error::Usage("--compounds 至少为 1（at least one compound）".into()));
    }
    let content = opts.out.join("content");
    if content.is_dir() && fs::read_dir(&content).map_err(|e| Error::io(&content, e))?.next().is_some() {
        return Err(Error::Usage(format!("{} 已有内容，请换一个空文件夹（content/ is not empty）", content.display())));
    }
    let start = ymd(START.0, START.1, START.2)?;
    if opts.as_of <= start + Duration::days(60) {
        return Err(Error::Usage(format!("--as-of 应晚于 {start} 至少两个月（as-of too early）")));
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
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| Error::Usage(format!("invalid date {y}-{m}-{d}")))
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
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    fs::write(path, text).map_err(|e| Error::io(path, e))
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
    let cases = cases(opts, &dir, &cx, &mut rng, names, start, &mut out)?;
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
    names: &mut Names,
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
        let (plan, text) = case(opts, cx, rng, names, &id, r, forced_status, forced_kind, i);
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
    names: &mut Names,
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
        let room = format!("{b}-{u}-{}{:02}", rng.range(1, 18), rng.range(1, 4));
        let reporter = names.fresh(rng);
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
                let _ = writeln!(
                    y,
                    "  - {{text: {}{}前{action}, lead: {}, due: {due}, case: {}}}",
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

// ---------------------------------------------------------------------------
// Phrase tables. Public text stays at building level: no room numbers, no
// mobile numbers, no names of residents.

struct Topic {
    category: &'static str,
    lead: &'static str,
    titles: &'static [&'static str],
    places: &'static [&'static str],
    problems: &'static [&'static str],
    causes: &'static [&'static str],
    measures: &'static [&'static str],
    progress: &'static [&'static str],
    results: &'static [&'static str],
    departments: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        category: "设施设备",
        lead: "property_company",
        titles: &[
            "{b}号楼电梯频繁停运",
            "{b}号楼{u}单元电梯运行异响",
            "{b}号楼电梯困人后维保响应慢",
            "{b}号楼电梯轿厢照明和通风损坏",
        ],
        places: &["{b}号楼{u}单元 电梯", "{b}号楼 电梯厅", "{b}号楼{u}单元 公共楼道"],
        problems: &[
            "{b}号楼居民反映，近一个月来电梯多次停运，最长一次停运近两天，楼内老人上下楼十分困难。",
            "电梯运行时有明显的摩擦声和抖动，部分居民担心存在安全隐患，不敢乘坐。",
            "上周有居民被困电梯约二十分钟，拨打轿厢内的应急电话后维保人员到场较慢。",
            "电梯轿厢内照明灯和排风扇损坏已有{n}周，夏季轿厢内闷热。",
        ],
        causes: &[
            "物业查看维保记录后说明，该楼电梯投入使用已超过十五年，门机和主板老化，零星维修难以根本解决。",
            "维保单位技术人员现场检查后认为，故障主要集中在门系统和控制柜，需要更换部件。",
            "经核查，维保单位近期人员调整，夜间应急响应安排不到位。",
        ],
        measures: &[
            "物业督促维保单位全面检修并在{n}日内报告检修结果，故障期间安排专人值守；业委会监督维保合同履行；居委会协调专业检测机构进行安全评估。",
            "由物业牵头制定电梯维修方案，涉及使用维修资金的由业委会按程序报告并公示；居委会做好楼内老人的帮扶。",
        ],
        progress: &[
            "维保单位已完成门机检修，更换了门刀和门锁",
            "物业在电梯厅张贴了维修进度和应急联系电话",
            "专业检测机构已进场检测",
            "物业已约谈维保单位负责人，要求缩短响应时间",
        ],
        results: &[
            "已更换门机主板和控制柜部件，连续三周运行正常。",
            "维保单位已调整夜间值守安排，困人救援平均到场时间缩短到十五分钟以内。",
            "轿厢照明和排风扇已更换，物业每周检查一次。",
        ],
        departments: &["区市场监管局", "街道城建中心"],
    },
    Topic {
        category: "房屋渗漏",
        lead: "property_company",
        titles: &[
            "{b}号楼顶层楼道雨天渗水",
            "{b}号楼外墙渗水导致室内墙面发霉",
            "地下车库顶板渗漏滴水",
            "{b}号楼{u}单元屋面防水层破损",
        ],
        places: &["{b}号楼 顶层公共楼道", "{b}号楼 外墙", "地下车库 B区", "{b}号楼 屋面"],
        problems: &[
            "每逢下雨，{b}号楼顶层楼道墙面和天花板都会渗水，墙皮大面积脱落。",
            "部分住户反映外墙雨后渗水，室内靠外墙一侧墙面发霉，已影响正常居住。",
            "地下车库顶板多处渗漏，雨天地面积水，车辆经常被滴水弄脏。",
            "屋面防水层多处起鼓开裂，雨水顺着裂缝渗入楼道。",
        ],
        causes: &[
            "物业初步排查后认为，屋面防水层已超过设计使用年限，局部修补只能暂时缓解。",
            "经专业单位检测，外墙渗水主要是外墙涂料老化和窗台节点密封失效造成的。",
            "渗漏部位属于共用部位，维修费用按规定可以申请使用住宅专项维修资金。",
        ],
        measures: &[
            "物业先对渗漏点进行应急封堵，并在{n}周内委托专业单位检测、提交维修方案；业委会审核方案并按程序公示；居委会做好受影响住户的沟通。",
            "由物业牵头制定屋面整体维修方案，需要使用维修资金的由业委会提前报告社区党委和居委会后公示。",
        ],
        progress: &[
            "物业已对渗漏点进行应急封堵",
            "专业检测单位已完成现场检测",
            "维修方案已提交业委会审核",
            "施工单位已进场搭设脚手架",
        ],
        results: &[
            "屋面防水层已整体翻修，经两次大雨检验未再渗漏。",
            "外墙渗漏部位已重新做防水处理，受影响住户墙面已修复。",
            "车库顶板渗漏点已注浆封堵，雨天未再滴水。",
        ],
        departments: &["区住建局", "街道城建中心"],
    },
    Topic {
        category: "垃圾分类",
        lead: "property_company",
        titles: &[
            "{b}号楼北侧垃圾分类投放点异味大",
            "厨余垃圾清运不及时经常满溢",
            "小区东侧绿化带建筑垃圾长期未清运",
            "大件垃圾堆放点无人管理",
        ],
        places: &[
            "{b}号楼北侧 垃圾分类投放点",
            "{b}号楼南侧 垃圾分类投放点",
            "小区东侧 绿化带",
            "小区北门 大件垃圾堆放点",
        ],
        problems: &[
            "投放点离住宅较近，厨余垃圾桶经常装满后没有及时清运，周边异味较大，夏秋季节蚊蝇较多。",
            "厨余垃圾桶每天傍晚就已装满，满溢的垃圾散落在投放点周围，清运车第二天上午才来。",
            "绿化带旁堆放的装修垃圾已有{n}周无人清运，占用绿地，也影响小区环境。",
            "大件垃圾随意堆放，有的已经堵住了消防通道的一部分。",
            "早晚投放高峰时段没有督导员，混投现象比较普遍。",
        ],
        causes: &[
            "物业说明，清运车辆近期调整了线路，每天只来一次，高峰时段容量不够。",
            "装修垃圾是个别业主装修后未按规定预约清运造成的。",
            "投放点设置时没有顶棚和洗手池，雨天污水外溢。",
        ],
        measures: &[
            "物业将厨余垃圾清运由每天一次增加为早晚两次，每天冲洗投放点；居委会安排督导员在早晚高峰值守；业委会研究投放点加装顶棚和洗手池。",
            "物业在{n}日内清运堆放的建筑垃圾，并在入口张贴装修垃圾预约清运办法；居委会联系装修业主做好告知。",
        ],
        progress: &[
            "清运频次已调整为每天两次",
            "投放点已每天冲洗并喷洒除臭剂",
            "督导员已在早晚高峰上岗",
            "堆放的建筑垃圾已清运完毕",
        ],
        results: &[
            "厨余垃圾清运调整为早晚两次，投放点每天冲洗消毒，异味明显减轻。",
            "建筑垃圾已全部清运，绿化带已补种恢复。",
            "投放点已加装顶棚和洗手池，分类投放准确率明显提高。",
        ],
        departments: &["街道城管中队", "区城管局"],
    },
    Topic {
        category: "停车管理",
        lead: "property_company",
        titles: &[
            "小区南门内侧车辆乱停占用消防通道",
            "地面停车位夜间被外来车辆占用",
            "{b}号楼门口电动自行车乱停放",
            "地下车库出入口道闸经常故障",
        ],
        places: &["小区南门 消防车通道", "小区中心路 地面停车位", "{b}号楼 单元门口", "地下车库 出入口"],
        problems: &[
            "晚上八点以后，南门内侧消防车通道两侧停满车辆，消防车和救护车无法通行。",
            "业主反映，夜间地面停车位经常被外来车辆占用，下班回来找不到车位。",
            "单元门口电动自行车停放杂乱，老人和推婴儿车的居民进出不便。",
            "道闸识别经常失灵，早高峰车辆排队到小区外的道路上。",
        ],
        causes: &[
            "物业说明，小区车位配比不足，夜间秩序维护人员只有两名，巡查覆盖不够。",
            "外来车辆多为周边商铺顾客，道闸临时车管理不严。",
            "非机动车棚位置较远，充电口不足，居民习惯停在单元门口。",
        ],
        measures: &[
            "物业在消防通道划设禁停标线并加强夜间巡查；居委会联系街道交警中队开展联合整治；业委会研究临时停车收费办法。",
            "物业调整道闸临时车管理规则，外来车辆登记放行；业委会在业主群发布停车公约征求意见。",
        ],
        progress: &[
            "消防通道已重新施划禁停标线",
            "夜间巡查增加到每晚三次",
            "停车公约已在业主群征求意见",
            "道闸识别系统已升级",
        ],
        results: &[
            "消防通道已保持畅通，夜间巡查常态化。",
            "外来车辆登记放行后，夜间车位紧张情况明显缓解。",
            "北侧非机动车棚新增充电口，单元门口乱停放现象减少。",
        ],
        departments: &["街道交警中队", "街道综合行政执法队"],
    },
    Topic {
        category: "噪音扰民",
        lead: "residents_committee",
        titles: &[
            "中心花园晚间广场舞音响噪音扰民",
            "沿街商铺夜间经营噪音扰民",
            "{b}号楼装修超时施工噪音",
            "小区外工地夜间施工噪音",
        ],
        places: &["中心花园（{b}号楼附近）", "小区东侧 沿街商铺", "{b}号楼{u}单元", "小区北侧 围墙外"],
        problems: &[
            "每天晚上七点到九点半左右，中心花园有广场舞活动，音响声音较大，家中老人和备考学生休息、学习受到影响。",
            "沿街烧烤店夜间经营到凌晨，顾客喧哗声和排风扇噪音很大。",
            "有住户装修在中午和晚上七点以后仍在使用电钻、切割机。",
            "围墙外工地夜间施工，打桩声持续到深夜。",
        ],
        causes: &[
            "居委会了解到，广场舞队有三十余名成员，多为小区退休居民，活动场地确实有限。",
            "商铺经营属于沿街商业，不在物业管理区域内，需要街道相关部门处理。",
            "装修管理规定已张贴在各单元，但个别装修队执行不严。",
        ],
        measures: &[
            "由居委会牵头与活动队伍负责人协商，活动时间调整为十九点至二十点半，音量控制在合理范围；物业在现场设置提示牌并在晚间巡查时提醒；业委会协助做好周边居民沟通。",
            "物业约谈装修业主和施工队，重申装修时间规定；居委会做好邻里调解。",
        ],
        progress: &[
            "活动时间和音量约定已张贴在中心花园入口",
            "三方与活动队伍负责人座谈",
            "物业已约谈装修施工队负责人",
            "居委会已组织邻里调解",
        ],
        results: &[
            "活动时间和音量已按约定执行，噪音明显减轻。",
            "装修施工已按规定时间进行，未再接到投诉。",
            "经街道协调，夜间施工已停止。",
        ],
        departments: &["区生态环境分局", "街道综合行政执法队"],
    },
    Topic {
        category: "绿化养护",
        lead: "property_company",
        titles: &[
            "{b}号楼前树木遮挡低层住户采光",
            "中心绿地草坪长期缺乏养护",
            "{b}号楼旁大树枯枝有坠落危险",
            "绿化带被占用种菜",
        ],
        places: &["{b}号楼 南侧绿化带", "中心绿地", "{b}号楼 东侧", "{b}号楼 北侧绿化带"],
        problems: &[
            "楼前的香樟树多年未修剪，已长到四五楼高，低层住户白天也要开灯。",
            "中心绿地草坪大面积枯黄，杂草丛生，雨后蚊虫很多。",
            "大树上有多根枯枝，刮风时有掉落的危险，树下是居民经常经过的道路。",
            "有居民在公共绿化带里开垦种菜，还使用粪肥，气味难闻。",
        ],
        causes: &[
            "物业说明，大树修剪需要专业队伍和审批，此前一直没有安排。",
            "绿化养护合同约定的养护频次偏低，养护质量没有达到合同标准。",
            "公共绿地属于全体业主共有，个人不能擅自占用。",
        ],
        measures: &[
            "物业委托专业绿化公司在{n}周内完成修剪，修剪方案征求楼内居民意见；业委会监督养护合同履行。",
            "居委会和物业上门劝导占用绿地的居民恢复原状，物业补种绿植。",
        ],
        progress: &["专业绿化公司已进场修剪", "修剪方案已征求楼内居民意见", "居委会已上门劝导", "物业已补种草皮"],
        results: &[
            "树木已完成修剪，低层住户采光明显改善。",
            "草坪已补种并恢复养护，杂草已清除。",
            "被占用的绿化带已恢复原状。",
        ],
        departments: &["区园林绿化中心"],
    },
    Topic {
        category: "消防安全",
        lead: "property_company",
        titles: &[
            "{b}号楼{u}单元楼道堆放杂物",
            "电动自行车在楼道内充电",
            "小区消防栓水压不足",
            "{b}号楼消防通道被占用",
        ],
        places: &["{b}号楼{u}单元 公共楼道", "{b}号楼 一楼大厅", "小区 室外消防栓", "{b}号楼 北侧消防通道"],
        problems: &[
            "楼道里长期堆放纸箱、旧家具等杂物，有的已经堵住了一半的通道。",
            "有居民把电动自行车推进楼道充电，电线从窗户拉出来，存在很大的火灾隐患。",
            "消防检查时发现多个室外消防栓出水压力不足。",
            "消防通道被私家车和快递车占用，消防车无法通行。",
        ],
        causes: &[
            "物业此前多次张贴通知，但清理后不久又有人堆放。",
            "小区集中充电设施不足，部分居民图方便在楼道充电。",
            "消防管网使用年限较长，部分阀门锈蚀。",
        ],
        measures: &[
            "物业在{n}日内组织清理楼道杂物，居委会和网格员入户宣传，业委会在业主群发布倡议；对拒不清理的，报请街道综合行政执法队处理。",
            "物业增设集中充电设施，居委会开展入户宣传，三方联合开展夜间巡查。",
        ],
        progress: &["楼道杂物已组织集中清理", "网格员已入户宣传", "新增充电设施已开工", "消防维保单位已检测管网"],
        results: &[
            "楼道杂物已全部清理，物业每周巡查一次。",
            "新增集中充电口后，楼道充电现象基本杜绝。",
            "消防栓阀门已更换，出水压力检测合格。",
        ],
        departments: &["区消防救援大队", "街道综合行政执法队"],
    },
    Topic {
        category: "供水供电",
        lead: "property_company",
        titles: &["{b}号楼高区水压不足", "小区路灯多处不亮", "二次供水水箱清洗不及时", "{b}号楼单元照明经常跳闸"],
        places: &["{b}号楼 高区", "小区 中心路", "小区 二次供水泵房", "{b}号楼{u}单元 公共楼道"],
        problems: &[
            "早晚用水高峰时段，高区住户水压明显不足，热水器经常打不着火。",
            "小区中心路和北侧道路有{n}盏路灯不亮，晚上出行不安全。",
            "二次供水水箱清洗记录没有公示，有居民反映自来水偶尔有异味。",
            "单元楼道照明经常跳闸，晚上楼道一片漆黑。",
        ],
        causes: &[
            "物业排查发现，泵房加压设备的压力传感器老化，需要更换。",
            "路灯线路老化，部分灯具已超过使用年限。",
            "楼道照明线路与单元门禁共用回路，负荷偏大。",
        ],
        measures: &[
            "物业排查泵房设备并在{n}日内更换老化部件；若属市政进水压力不足，由社区党委报街道协调供水企业。",
            "物业更换损坏的灯具和线路，业委会同意从共有部分收益中列支费用。",
        ],
        progress: &[
            "物业已更换压力传感器",
            "损坏的路灯灯具已更换",
            "水箱已清洗消毒并公示检测报告",
            "电工已排查楼道照明线路",
        ],
        results: &[
            "加压设备已更换，高峰时段水压恢复正常。",
            "路灯已全部修复，并改为时控开关。",
            "水箱清洗消毒后水质检测合格，检测报告已公示。",
        ],
        departments: &["供水公司", "供电公司"],
    },
    Topic {
        category: "物业服务",
        lead: "property_company",
        titles: &[
            "物业服务费收支未按月公示",
            "物业客服电话夜间无人接听",
            "保洁人员减少后楼道卫生变差",
            "报修后维修人员迟迟不上门",
        ],
        places: &["小区 公告栏", "小区 物业服务中心", "{b}号楼 各单元", "小区 物业服务中心"],
        problems: &[
            "业主反映，物业承诺每月公布服务费收支情况，但已有{n}个月没有公布。",
            "夜间拨打物业客服电话经常无人接听，紧急情况找不到人。",
            "保洁人员减少后，楼道每周只拖一次，扶手积灰。",
            "报修卫生间漏水后，等了三天维修人员才上门。",
        ],
        causes: &[
            "物业说明，财务人员离职交接期间公示工作中断。",
            "夜间客服电话转接设置有误，来电没有转到值班人员手机上。",
            "物业为控制成本减少了保洁人员，但未与业委会沟通。",
        ],
        measures: &[
            "物业在{n}日内补公示近期收支情况并恢复每月公示；业委会监督；居委会将其纳入年度履职评议。",
            "物业恢复原有保洁频次并公示保洁标准；业委会按合同进行季度考核。",
        ],
        progress: &["物业已补公示收支情况", "夜间客服电话转接已修复", "保洁频次已恢复", "业委会已开展季度考核"],
        results: &["收支情况已恢复每月公示。", "夜间客服电话已有专人值守。", "保洁频次已恢复，楼道卫生明显改善。"],
        departments: &["区住建局"],
    },
    Topic {
        category: "公共设施",
        lead: "owners_committee",
        titles: &["儿童游乐设施破损存在安全隐患", "北侧非机动车棚充电口不足", "单元门禁系统故障", "小区健身器材损坏"],
        places: &["中心花园 儿童游乐区", "小区北侧 非机动车棚", "{b}号楼{u}单元 门禁", "小区 健身广场"],
        problems: &[
            "儿童滑梯护栏松动，塑胶地面多处破损，已有小朋友被划伤。",
            "非机动车棚只有几十个充电口，晚上排队充电的车很多。",
            "单元门禁经常失灵，门一直开着，外来人员随意进出。",
            "健身广场有几件器材轴承损坏，转动时卡顿。",
        ],
        causes: &[
            "游乐设施已使用近十年，原厂家已不再提供配件。",
            "充电设施增设需要业主共同决定，费用从共有部分收益中列支。",
            "门禁系统主板老化，维保合同已到期。",
        ],
        measures: &[
            "业委会牵头提出设施更新方案，费用从共有部分收益列支并公示；物业先设置警示围挡；居委会征求家长意见。",
            "业委会组织业主表决增设充电口方案，物业负责施工管理。",
        ],
        progress: &["物业已设置警示围挡", "更新方案已征求居民意见", "业主表决已通过", "施工单位已进场"],
        results: &["儿童游乐设施已整体更新并通过验收。", "新增充电口已投入使用。", "单元门禁已更换，运行正常。"],
        departments: &["区市场监管局"],
    },
    Topic {
        category: "宠物管理",
        lead: "residents_committee",
        titles: &["小区内遛狗不牵绳", "宠物粪便无人清理", "{b}号楼有住户饲养大型犬"],
        places: &["小区 中心路", "中心绿地", "{b}号楼{u}单元"],
        problems: &[
            "有居民早晚遛狗不牵绳，狗在小区里奔跑，老人和孩子受到惊吓。",
            "草坪和道路上经常有宠物粪便，没有人清理。",
            "住户反映楼内有人饲养大型犬，电梯里经常碰到，担心被咬伤。",
        ],
        causes: &[
            "居委会了解到，小区登记的犬只有一百余条，文明养犬公约执行不严。",
            "养犬登记和管理属于公安部门职责，三方主要做好宣传劝导。",
        ],
        measures: &["居委会牵头开展文明养犬宣传，物业在草坪设置拾便袋箱，业委会在业主群倡议文明养犬。"],
        progress: &["文明养犬公约已张贴", "拾便袋箱已设置", "居委会已上门劝导"],
        results: &["文明养犬宣传后，遛狗不牵绳现象明显减少。", "拾便袋箱设置后，草坪卫生改善。"],
        departments: &["派出所"],
    },
];

const BEYOND: &[Topic] = &[Topic {
    category: "周边环境",
    lead: "residents_committee",
    titles: &["小区周边道路雨天积水", "小区外侧公交站台改造", "小区南侧河道异味", "周边道路夜间大货车噪音"],
    places: &["小区南门外 市政道路", "小区东侧 公交站台", "小区南侧 河道", "小区北侧 市政道路"],
    problems: &[
        "每逢大雨，南门外的市政道路积水没过脚踝，居民出行困难。",
        "公交站台离小区门口太远，老人乘车不便。",
        "夏季河道有明显异味，河面漂浮垃圾。",
        "夜间大货车经过北侧道路，噪音和震动很大。",
    ],
    causes: &[
        "该事项属于市政设施管理范围，超出三方职责，需要报街道协调相关部门。",
        "经三方会商，问题涉及多个职能部门，需通过街道吹哨机制解决。",
    ],
    measures: &[
        "由居委会记录居民意见，社区党委报街道，通过“街道吹哨、部门报到”机制协调相关部门处理；三方跟踪进展并向居民反馈。",
    ],
    progress: &["社区党委已将情况报街道", "相关部门已到现场查看", "街道已召开协调会"],
    results: &["经街道协调，相关部门已完成整改。", "相关部门已将整改纳入年度计划，三方继续跟踪。"],
    departments: &["区住建局", "区交通运输局", "区城管局", "区生态环境分局"],
}];

const LEGACY: &[Topic] = &[Topic {
    category: "历史遗留",
    lead: "residents_committee",
    titles: &[
        "{b}号楼房产证办理遗留问题",
        "开发商遗留配套用房移交问题",
        "{b}号楼加装电梯意见分歧",
        "小区地下室产权争议",
    ],
    places: &["{b}号楼", "小区 配套用房", "{b}号楼{u}单元", "小区 地下室"],
    problems: &[
        "{b}号楼部分业主入住十多年仍未办理房产证，影响子女入学和房屋交易。",
        "开发商承诺的社区配套用房一直没有移交，居民活动没有场地。",
        "楼内高低层住户对加装电梯意见分歧较大，方案迟迟无法通过。",
        "地下室产权归属不清，有人私自出租。",
    ],
    causes: &[
        "该问题形成时间较长，涉及开发商、多个部门和全体业主，需要分步推进。",
        "经三方会商，问题需要在街道和相关部门支持下逐步化解。",
    ],
    measures: &[
        "三方成立工作专班，社区党委牵头梳理历史资料，报街道协调相关部门；业委会做好业主沟通；定期向居民通报进展。",
    ],
    progress: &["工作专班已梳理历史资料", "街道已召开专题协调会", "已组织业主代表座谈"],
    results: &["经多方协调，问题已取得阶段性进展。", "相关手续已办理完毕。"],
    departments: &["区住建局", "区自然资源和规划分局", "区不动产登记中心"],
}];

const CHANNELS: &[&str] = &[
    "民情恳谈会",
    "居委会来访接待",
    "业主微信群",
    "12345市民热线转办",
    "网格员巡查",
    "物业服务中心报修",
    "社区意见箱",
    "党员联系户走访",
    "楼道长反映",
];
const RECEIVED_NOTES: &[&str] = &["已登记", "来访登记", "网格员现场查看后登记", "热线转办件已签收", "物业已登记"];
const RECEIVED_TAILS: &[&str] = &["，已告知办理流程和时限", "，三个工作日内答复受理意见", "", "，已转物业核实"];
const NEGOTIATING_NOTES: &[&str] =
    &["三方现场查看后形成处理意见", "三方会商", "联席会议办公室组织三方座谈", "三方与反映人当面沟通"];
const FOLLOW_UPS: &[&str] =
    &["持续跟进，本周已向居民通报进展", "牵头方已书面报告办理进度", "网格员回访，居民表示理解", "联席会议办公室督办"];
const ESCALATE_NOTES: &[&str] = &["超出三方职责范围", "街道吹哨", "社区吹哨", "三方协调未果"];
const EXTEND_REASONS: &[&str] =
    &["等待配件到货", "需要业主表决", "施工受天气影响", "等待专业检测报告", "维修资金申请审批中"];
const SUSPEND_REASONS: &[&str] = &[
    "等待相关部门答复，暂缓办理",
    "涉及诉讼，待法院判决后办理",
    "业主意见分歧较大，暂缓实施",
    "冬季不宜施工，待开春后实施",
];
const REOPEN_NOTES: &[&str] = &["回访居民不满意，问题仍有反复", "整改后问题再次出现", "居民反映整改未达到约定标准"];
const CLOSE_NOTES: &[&str] = &["经核实后关闭", "已答复居民并关闭", "已转相关部门，本平台关闭", "反映人申请撤回"];
const INTAKE: &[&str] = &[
    "居委会登记后，网格员当天到现场查看并拍照留存。",
    "物业接到反映后，工程主管带队现场核实。",
    "联席会议办公室将此事列入督办清单。",
    "社区党委将此事作为“三方联动”重点事项跟踪。",
];
const IMPACTS: &[&str] = &[
    "居民希望尽快解决。",
    "楼内不少是独居老人，影响尤为明显。",
    "多位居民在业主群里反映了同样的问题。",
    "居民表示此前曾多次向物业口头反映，没有得到答复。",
];
const GENERAL: &[&str] = &[
    "三方约定，办理过程中每周在公示栏更新一次进展。",
    "网格员将持续跟踪，发现反复及时报告。",
    "物业已将该事项纳入日常巡查清单。",
    "业委会表示将在下次业主代表会议上通报处理情况。",
    "居委会同时提醒居民通过正规渠道反映问题，不传播未经核实的信息。",
    "处理过程中，三方注意听取不同楼栋居民的意见，避免顾此失彼。",
    "如需使用公共收益或维修资金，将严格按程序报告和公示。",
    "社区律师就相关法规和管理规约作了解释。",
    "下沉党员干部参与了现场查看。",
    "居民可以通过公示栏上的二维码查看办理进展。",
    "",
];
const SUPERVISION: &[&str] = &[
    "根据“三方联动”工作机制，该事项由牵头方负责办理，其他两方配合并监督。",
    "联席会议将在下一次例会上听取办理情况汇报。",
    "办理情况纳入年度三方履职评议。",
    "社区党委对办理时限进行督办。",
];
const DETAILS: &[&str] = &[
    "按照小区管理规约，共用部位和共用设施设备的维修养护由物业服务企业负责，涉及业主共同决定的事项由业主委员会按程序组织表决。",
    "为避免同类问题反复出现，三方商定将该事项纳入物业服务季度考核，考核结果在公示栏公布，并作为年度履职评议的参考。",
    "网格员在走访中了解到，同一楼栋的其他住户也有类似诉求，已一并登记，避免重复反映、多头办理。",
    "居委会提醒，居民如对处理过程有意见，可以在每月的民情恳谈会上当面提出，也可以通过社区意见箱书面反映。",
    "物业表示将举一反三，对其他楼栋同类设施进行一次全面排查，排查结果报联席会议办公室备案。",
    "业委会认为，处理方案应当兼顾不同楼层、不同年龄居民的需求，必要时召开楼栋居民会议听取意见。",
    "社区党委要求各方在办理过程中做好解释沟通工作，对居民提出的合理诉求要及时回应，不能简单推诿。",
    "考虑到小区老年人较多，物业在施工和维修期间安排专人为行动不便的居民提供帮助。",
    "三方约定，如果办理过程中发现问题超出三方职责范围，由社区党委及时报街道，通过“街道吹哨、部门报到”机制协调解决。",
    "处理过程中产生的费用，属于物业服务合同范围内的由物业承担，超出合同范围的按规定程序确定资金来源并公示。",
    "联席会议办公室对办理时限实行台账管理，临近时限未办结的提前提醒牵头方，逾期的在公示栏说明原因。",
    "部分居民对处理方式提出了不同意见，三方分别上门听取意见，尽量在方案中吸收合理建议。",
    "下沉党员干部和楼道长协助做好楼内居民的宣传解释，让大家了解问题的成因和处理进度。",
    "物业已将相关维修记录、检测报告和影像资料整理归档，居民可以到物业服务中心查阅。",
    "业委会建议在下一年度服务承诺中增加相关内容，把临时性的处理措施转为长效管理机制。",
    "为方便居民了解情况，三方在单元公告栏张贴了告知书，写明处理方案、时间安排和联系人。",
    "社区律师提醒，涉及业主共有权益的事项，应当依照民法典和物业管理条例的规定履行表决和公示程序。",
    "本次问题的处理也暴露出日常巡查不够细致的问题，物业已调整巡查路线，增加重点部位的检查频次。",
];
const CLOSING_DONE: &[&str] = &[
    "办理结果已在公示栏公示，欢迎居民继续监督。",
    "回访情况将一并公示。",
    "如问题再次出现，居民可随时向居委会或物业反映。",
];
const CLOSING_OPEN: &[&str] = &[
    "后续进展将在公示栏和本平台同步更新。",
    "三方将按承诺时限办理，逾期将在公示栏说明原因。",
    "欢迎居民对办理过程进行监督。",
];
const MEETING_OPENINGS: &[&str] = &[
    "通报了上次会议议定事项的落实情况",
    "听取了物业服务情况汇报",
    "首先通报了近两个月居民反映问题的办理情况",
    "传达了街道关于“三方联动”工作的最新要求",
];
const MEETING_DISCUSS: &[&str] = &[
    "牵头方通报了办理进展，与会人员现场查看后进行了讨论。",
    "会议听取了居民代表的意见，社区律师对相关规定作了说明。",
    "物业提交了处理方案和预算，业委会提出了修改意见。",
    "居委会汇报了走访情况，三方对处理方式进行了协商。",
];
const MEETING_AGREE: &[&str] = &[
    "会议议定按方案推进，并按时限报告进展。",
    "会议原则同意处理方案，需要公示的按程序公示。",
    "会议要求牵头方加快办理，逾期说明原因。",
    "三方达成一致，由牵头方落实，其他两方监督。",
];
const MEETING_CLOSINGS: &[&str] = &[
    "会议要求各方按议定事项抓好落实，联席会议办公室跟踪督办。",
    "议定事项将在公示栏公示，接受居民监督。",
    "下次例会将通报本次议定事项的落实情况。",
];
const ROUTINE_TOPICS: &[&str] = &[
    "垃圾分类督导情况通报",
    "安全隐患排查",
    "三方履职情况通报",
    "年度服务承诺推进情况",
    "汛期防范工作部署",
    "冬季消防安全检查",
];
const ROUTINE_MINUTES: &[&str] = &[
    "会议听取了情况通报，要求各方对照承诺抓好落实。",
    "三方对近期工作进行了分工，物业负责具体实施，居委会和业委会监督。",
    "会议部署了下一阶段工作，要求做好居民告知。",
];
const OBSERVERS: &[&str] = &["下沉党员干部 1名", "楼道长代表 3名", "维保单位技术负责人", "街道社区办工作人员"];
const DECISIONS: &[&str] = &[
    "提交处理方案并报联席会议",
    "完成整改并书面报告",
    "向居民公示处理进展",
    "完成现场核查并反馈居民",
    "协调相关部门并报告结果",
];
const FUND_REASONS: &[&str] = &[
    "电梯使用年限较长、故障频发",
    "屋面防水层老化、雨天渗漏严重",
    "外墙瓷砖空鼓脱落、存在安全隐患",
    "消防设施老化、检测不合格",
];
const REPAIR_REASONS: &[&str] =
    &["雨天路面积水和道路破损问题", "非机动车充电设施不足问题", "小区照明不足问题", "儿童游乐设施老化问题"];
const RC_DUTIES: &[&str] = &["垃圾分类", "平安建设", "民政、老龄", "文体活动", "计生、卫生"];
const ENV_DUTIES: &[&str] = &["社区民警", "居民代表", "下沉党员干部", "居民小组长", "业主代表"];
const OWNER_DUTIES: &[&str] = &["财务监督", "设施设备", "环境卫生", "邻里调解", "停车管理", "绿化养护"];
const RC_PLEDGES: &[&str] = &[
    "每月组织一次小区环境和物业服务巡查",
    "居民反映问题3个工作日内答复受理意见",
    "每季度召开一次民情恳谈会",
    "垃圾分类投放点早晚高峰督导全覆盖",
    "每半年组织一次独居老人走访",
];
const OWNER_PLEDGES: &[&str] = &[
    "每半年公示一次共有部分经营收益",
    "每周二、周六上午开放接待日",
    "推动{b}号楼屋面防水维修按程序完成",
    "按时组织业主大会，重大事项提前报告社区党组织和居委会",
];
const COMPANY_PLEDGES: &[&str] = &[
    "电梯困人15分钟内到场，一般故障30分钟内到场",
    "一般报修24小时内处理完毕",
    "每月10日前公布上月物业服务费收支情况",
    "完成{b}号楼单元门禁和闭门器更换",
    "北侧非机动车棚新增充电口",
];
const CPO_PLEDGES: &[&str] =
    &["组织党员志愿者每周参与垃圾分类督导", "党员联系户每季度走访一次", "组织党员参与文明养犬宣传"];
const PLEDGE_NOTES: &[&str] =
    &["已按计划推进", "前三季度完成情况良好", "因天气原因部分延后", "方案已通过业主表决", "年底前完成"];
const EVAL_COMMENTS: &[&str] = &[
    "问题答复及时",
    "维修响应快；夜间秩序维护有待加强",
    "收益公示规范",
    "巡查坚持得好",
    "外委维修超时较多",
    "沟通协调能力有待提高",
];
const ROADS: &[&str] =
    &["幸福路", "和平路", "建设路", "解放路", "文化路", "人民路", "光明路", "新华路", "学院路", "滨河路"];
const COMPANY_STEMS: &[&str] = &["兰庭", "绿城", "安居", "恒信", "和美", "宜家", "嘉和", "瑞丰", "锦程", "康泰"];
const COMPANY_TAILS: &[&str] = &["物业服务有限公司", "物业管理有限公司", "物业服务集团有限公司"];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于",
    "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
    "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛",
    "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "桂", "英", "华", "建", "国", "红", "玉", "兰", "志", "文", "斌", "云", "海", "鹏", "飞", "宇", "婷",
    "欣", "佳", "晨", "俊", "浩", "琳", "梅", "萍", "峰", "辉", "晓", "燕", "雪", "春", "荣", "凤", "德", "林", "波",
    "宁", "亮", "凯", "慧", "倩", "帆", "颖", "鑫", "瑞", "卫", "东", "良", "新", "永", "彬", "坤", "毅", "蓉", "莉",
    "丹", "昊", "哲", "悦", "琪", "璐",
];

const COMMUNITIES: &[(&str, &str)] = &[
    ("阳光", "yangguang"),
    ("和平里", "hepingli"),
    ("幸福", "xingfu"),
    ("春晖", "chunhui"),
    ("明珠", "mingzhu"),
    ("朝晖", "zhaohui"),
    ("翠苑", "cuiyuan"),
    ("文华", "wenhua"),
    ("湖滨", "hubin"),
    ("长庆", "changqing"),
    ("新华", "xinhua"),
    ("东园", "dongyuan"),
    ("西溪", "xixi"),
    ("南星", "nanxing"),
    ("北山", "beishan"),
    ("紫荆", "zijing"),
    ("桂花", "guihua"),
    ("丁香", "dingxiang"),
    ("香樟", "xiangzhang"),
    ("梧桐", "wutong"),
    ("青枫", "qingfeng"),
    ("锦绣", "jinxiu"),
    ("嘉禾", "jiahe"),
    ("富春", "fuchun"),
    ("清波", "qingbo"),
    ("望江", "wangjiang"),
    ("凤凰", "fenghuang"),
    ("天水", "tianshui"),
    ("宝石", "baoshi"),
    ("金沙", "jinsha"),
    ("银湖", "yinhu"),
    ("玉泉", "yuquan"),
    ("古荡", "gudang"),
    ("采荷", "caihe"),
    ("闸弄口", "zhanongkou"),
    ("四季青", "sijiqing"),
    ("九莲", "jiulian"),
    ("白石", "baishi"),
    ("蒋村", "jiangcun"),
    ("三墩", "sandun"),
];

const COMPOUNDS: &[(&str, &str, &str)] = &[
    ("兰苑", "lanyuan", "小区"),
    ("桂苑", "guiyuan", "小区"),
    ("锦绣", "jinxiu", "花园"),
    ("新苑", "xinyuan", "小区"),
    ("翠竹", "cuizhu", "家园"),
    ("金桂", "jingui", "花园"),
    ("银杏", "yinxing", "小区"),
    ("丹枫", "danfeng", "新村"),
    ("碧水", "bishui", "家园"),
    ("青山", "qingshan", "小区"),
    ("绿洲", "lvzhou", "花园"),
    ("海棠", "haitang", "小区"),
    ("芙蓉", "furong", "新村"),
    ("紫薇", "ziwei", "小区"),
    ("玉兰", "yulan", "花园"),
    ("望湖", "wanghu", "公寓"),
    ("观澜", "guanlan", "小区"),
    ("春江", "chunjiang", "花园"),
    ("秋月", "qiuyue", "小区"),
    ("晓风", "xiaofeng", "家园"),
    ("东方", "dongfang", "新村"),
    ("西湖", "xihu", "小区"),
    ("南山", "nanshan", "小区"),
    ("北斗", "beidou", "家园"),
    ("朝阳", "zhaoyang", "新村"),
    ("星河", "xinghe", "花园"),
    ("云栖", "yunqi", "小区"),
    ("天城", "tiancheng", "公寓"),
    ("瑞景", "ruijing", "小区"),
    ("嘉园", "jiayuan", "小区"),
    ("和园", "heyuan", "小区"),
    ("静园", "jingyuan", "小区"),
    ("怡园", "yiyuan", "新村"),
    ("梅园", "meiyuan", "小区"),
    ("竹园", "zhuyuan", "小区"),
    ("松园", "songyuan", "家园"),
    ("柳岸", "liuan", "花园"),
    ("荷塘", "hetang", "小区"),
    ("水岸", "shuian", "家园"),
    ("枫林", "fenglin", "小区"),
    ("德胜", "desheng", "新村"),
    ("庆丰", "qingfeng", "新村"),
    ("华丰", "huafeng", "小区"),
    ("永安", "yongan", "小区"),
    ("长寿", "changshou", "新村"),
    ("文晖", "wenhui", "小区"),
    ("学林", "xuelin", "家园"),
    ("书香", "shuxiang", "花园"),
    ("康乐", "kangle", "新村"),
    ("安康", "ankang", "小区"),
];

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
            assert!(crate::validate::pii::scan(&s).is_empty(), "{s}");
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
