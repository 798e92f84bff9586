//! The yearly files: service pledges (`pledges/*.yaml`) and evaluations
//! (`evaluations/*.yaml`), named by their year.

use super::values::Cx;

use crate::diag::diag;
use crate::load;
use crate::load::raw::{self, Str};
use crate::model::*;

pub(super) fn pledge_year(cx: &mut Cx, d: &load::Doc<raw::RawPledges>) -> Option<PledgeYear> {
    let r = &d.raw;
    let year = cx.number::<i32>(&r.year, "year", "2026");
    let published = cx.date(&r.published, "published");
    let mut parties = Vec::new();
    for (k, items) in &r.parties {
        let Some(party) = party_key(cx, k) else { continue };
        let list = items
            .iter()
            .filter_map(|i| match i {
                raw::RawPledge::Plain(t) => {
                    Some(Pledge { text: cx.text(t), status: PledgeStatus::Planned, note: None })
                }
                raw::RawPledge::Full(f) => {
                    let status =
                        if f.status.is_some() { cx.vocab(&f.status, "status") } else { Some(PledgeStatus::Planned) };
                    Some(Pledge { text: cx.text(f.text.as_ref()?), status: status?, note: cx.opt_text(&f.note) })
                }
            })
            .collect();
        parties.push((party, list));
    }
    let year = year?;
    if d.stem != year.to_string() {
        file_year_mismatch(cx, d.stem.as_str(), year, r.year.as_ref());
    }
    Some(PledgeYear { year, published, parties })
}

pub(super) fn party_key(cx: &mut Cx, k: &Str) -> Option<Party> {
    let p = Party::parse(&k.value);
    if p.is_none() {
        let allowed = Party::allowed();
        cx.push(
            diag!(FieldUnknown at k.span;
                format!("不认识的键 `{}`：这里应写责任方", k.value), format!("unknown key `{}`: a party is expected", k.value);
                hint format!("可写的责任方：{}", allowed.zh), format!("parties: {}", allowed.en)),
        );
    }
    p
}

pub(super) fn file_year_mismatch(cx: &mut Cx, stem: &str, year: i32, at: Option<&Str>) {
    let span = at.map(|s| s.span);
    cx.push(
        diag!(NameYear at span;
            format!("文件名 {stem} 和 year: {year} 对不上"), format!("the file name {stem} does not match year: {year}");
            hint format!("把文件改名为 {year}.yaml，或改正 year。"), format!("Rename the file to {year}.yaml or fix year.")),
    );
}

pub(super) fn evaluation(cx: &mut Cx, d: &load::Doc<raw::RawEvaluation>) -> Option<Evaluation> {
    let r = &d.raw;
    let year = cx.number::<i32>(&r.year, "year", "2025");
    let date = cx.date(&r.date, "date");
    let results = r
        .results
        .iter()
        .flatten()
        .filter_map(|x| {
            let party = cx.vocab(&x.party, "party");
            Some(EvalResult {
                party: party?,
                score: cx.number(&x.score, "score", "86.5"),
                grade: cx.opt_text(&x.grade),
                participants: cx.number(&x.participants, "participants", "120"),
                comment: cx.opt_text(&x.comment),
            })
        })
        .collect();
    let year = year?;
    if d.stem != year.to_string() {
        file_year_mismatch(cx, d.stem.as_str(), year, r.year.as_ref());
    }
    let process = super::evaluation::process(cx, r);
    Some(Evaluation { year, date, results, process })
}
