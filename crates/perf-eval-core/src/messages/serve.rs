//! The words of `perf-eval serve`: why a request is refused, what the server logs, and the
//! checking page's labels. Each language words each of them once ([`super::zh`], [`super::en`]
//! for the sentences, [`page`] for the labels).

use serde::Serialize;

use crate::lang::Lang;

/// Why the server answers a request with no result. Each carries the HTTP status it is sent
/// with, so that the words and the status cannot drift apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Every place for a table in work is taken, and none came free in time.
    Busy,
    /// The server was started with an access token and the request did not carry it.
    Unauthorized,
    /// The request's body is larger than the limit, in MiB.
    TooLarge {
        mb: u64,
    },
    TooManyFiles {
        max: usize,
    },
    NoFiles,
    /// The upload is not a form the page sends (`why` as the form reader said it).
    BadUpload {
        why: String,
    },
    /// The check did not end within the time limit, in seconds.
    TimedOut {
        seconds: u64,
    },
    /// A download for one table was asked with a different number of files.
    NotOne {
        count: usize,
    },
    UnknownProfile {
        name: String,
    },
    NotFound,
}

impl Refusal {
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => super::zh::refusal(self),
            Lang::En => super::en::refusal(self),
        }
    }

    /// The HTTP status the refusal is sent with.
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Busy | Refusal::TimedOut { .. } => 503,
            Refusal::Unauthorized => 401,
            Refusal::TooLarge { .. } | Refusal::TooManyFiles { .. } => 413,
            Refusal::NoFiles
            | Refusal::BadUpload { .. }
            | Refusal::NotOne { .. }
            | Refusal::UnknownProfile { .. } => 400,
            Refusal::NotFound => 404,
        }
    }
}

/// What the server writes on standard error: where it listens, and per request only counts
/// and timings — never a file's name or content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Log {
    Listening {
        address: String,
        token: bool,
    },
    Answered {
        what: String,
        files: usize,
        millis: u128,
        status: u16,
    },
}

impl Log {
    pub fn text(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => super::zh::log(self),
            Lang::En => super::en::log(self),
        }
    }
}

/// The checking page's labels; `{n}` in a template stands for a number.
#[derive(Debug, Serialize)]
pub struct Page {
    pub lang: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub privacy: &'static str,
    pub drop: &'static str,
    pub profile: &'static str,
    pub token: &'static str,
    pub working: &'static str,
    pub funds: &'static str,
    pub level1: &'static str,
    pub level2: &'static str,
    pub indicator: &'static str,
    pub target: &'static str,
    pub actual: &'static str,
    pub weight: &'static str,
    pub declared: &'static str,
    pub computed: &'static str,
    pub total: &'static str,
    pub grade: &'static str,
    pub findings: &'static str,
    /// A place as `Place::text` words it: a line of pasted text, a cell of a Word table.
    pub line: &'static str,
    pub table_cell: &'static str,
    pub clean: &'static str,
    pub unusable: &'static str,
    /// Error, warning, info.
    pub severities: [&'static str; 3],
    pub xlsx: &'static str,
    pub docx: &'static str,
    pub pack: &'static str,
    pub summary: &'static str,
    pub counts: &'static str,
    pub differs: &'static str,
    /// The request never got an answer: the server is out of reach, or cut the upload off.
    pub unreachable: &'static str,
    pub sources: &'static str,
}

pub fn page(lang: Lang) -> &'static Page {
    match lang {
        Lang::Zh => &Page {
            lang: "zh-CN",
            title: "项目支出绩效自评表复核",
            intro: "把自评表（.xlsx、.xls、.docx、.txt 或 .toml）拖到下面的方框里，或点击方框选择文件，可一次选多个。页面按所选评分规则重新计算每项得分，与表中填写的得分并列，并指出每处问题所在的单元格。",
            privacy: "文件只在服务器内存中读取，复核后立即丢弃；服务器不保存任何文件，日志只记录文件个数和用时。",
            drop: "拖入文件，或点击选择",
            profile: "评分规则",
            token: "访问口令",
            working: "正在复核……",
            funds: "预算执行率",
            level1: "一级指标",
            level2: "二级指标",
            indicator: "三级指标",
            target: "年度指标值",
            actual: "实际完成值",
            weight: "分值",
            declared: "自评得分",
            computed: "复核得分",
            total: "总分",
            grade: "评价等级",
            findings: "审核发现",
            line: "第{n}行",
            table_cell: "表格{table} 第{row}行第{column}列",
            clean: "未发现问题",
            unusable: "无法使用",
            severities: ["错误", "警告", "提示"],
            xlsx: "下载自评表.xlsx",
            docx: "下载自评报告草稿（.docx）",
            pack: "下载审核报告（.html）",
            summary: "下载汇总表.xlsx",
            counts: "共 {files} 张表：{errors} 处错误，{warnings} 处警告，{unusable} 个无法使用",
            differs: "自评得分与复核得分不一致",
            unreachable: "没有收到复核服务器的答复：服务器无法连接，或上传被中断；请检查网络后重试",
            sources: "评分规则依据：财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）及所选地方规则。",
        },
        Lang::En => &Page {
            lang: "en",
            title: "Performance self-evaluation table check",
            intro: "Drop self-evaluation tables (.xlsx, .xls, .docx, .txt or .toml) on the box below, or click it to choose files; several at once are fine. Every score is computed again under the chosen rules, shown beside the declared one, and every problem is placed at its cell.",
            privacy: "Files are read in the server's memory and dropped once checked; the server stores no file, and its log records only counts and timings.",
            drop: "Drop files here, or click to choose",
            profile: "Scoring rules",
            token: "Access token",
            working: "Checking…",
            funds: "Budget execution rate (执行率)",
            level1: "Level 1",
            level2: "Level 2",
            indicator: "Indicator",
            target: "Target (年度指标值)",
            actual: "Actual (实际完成值)",
            weight: "Weight (分值)",
            declared: "Declared (得分)",
            computed: "Computed",
            total: "Total",
            grade: "Grade (评价等级)",
            findings: "Findings",
            line: "line {n}",
            table_cell: "table {table}, row {row}, column {column}",
            clean: "No findings",
            unusable: "unusable",
            severities: ["error", "warning", "info"],
            xlsx: "Download 自评表.xlsx",
            docx: "Download the 自评报告 draft (.docx)",
            pack: "Download the audit pack (.html)",
            summary: "Download 汇总表.xlsx",
            counts: "{files} tables: {errors} errors, {warnings} warnings, {unusable} unusable",
            differs: "declared and computed scores differ",
            unreachable: "No answer from the checking server: it cannot be reached, or the upload was cut off; check the network and try again",
            sources: "Rules after the Ministry of Finance's 项目支出绩效评价管理办法 (财预〔2020〕10号) and the chosen local rules.",
        },
    }
}
