//! The integration tests of `gongshi check`: small fixture sites in
//! temporary folders, checked by the real binary, one test per mistake
//! staff make. `support` is the harness.

mod browser;
mod build;
mod city;
mod cli;
mod compliance;
mod compliance_page;
mod data_schema;
mod evaluations;
mod files;
mod inspections;
mod kiosk;
mod pages;
mod privacy;
mod register;
mod reports;
mod robustness;
mod serve;
mod support;
mod syntax;
mod values;
