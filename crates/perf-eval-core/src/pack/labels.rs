//! The words of the audit pack, in Chinese (the bureau's) and English.

use crate::audit::Severity;
use crate::lang::Lang;

/// Labels of the audit pack.
#[derive(Debug)]
pub struct PackLabels {
    pub title: &'static str,
    pub overview: &'static str,
    pub number: &'static str,
    pub file: &'static str,
    pub declared_total: &'static str,
    pub computed_total: &'static str,
    pub errors: &'static str,
    pub warnings: &'static str,
    pub infos: &'static str,
    pub filter_code: &'static str,
    pub filter_severity: &'static str,
    pub all: &'static str,
    pub with_errors: &'static str,
    pub with_warnings: &'static str,
    pub with_findings: &'static str,
    pub clean: &'static str,
    pub shown: &'static str,
    pub sort_hint: &'static str,
    pub findings: &'static str,
    pub no_findings: &'static str,
    pub unusable: &'static str,
    pub derivation: &'static str,
    pub differs_hint: &'static str,
    pub back: &'static str,
    pub summary_sheet: &'static str,
    pub place: &'static str,
    pub problem: &'static str,
    pub code: &'static str,
    pub import_warning: &'static str,
    pub message: &'static str,
    pub help: &'static str,
}

impl PackLabels {
    /// The name of a severity, as a heading or sheet name.
    pub fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => self.errors,
            Severity::Warning => self.warnings,
            Severity::Info => self.infos,
        }
    }
}

const ZH: PackLabels = PackLabels {
    title: "项目支出绩效自评表审核报告",
    overview: "审核汇总",
    number: "序号",
    file: "文件",
    declared_total: "填报总分",
    computed_total: "复核总分",
    errors: "错误",
    warnings: "警告",
    infos: "提示",
    filter_code: "按问题代码筛选",
    filter_severity: "按严重程度筛选",
    all: "全部",
    with_errors: "有错误",
    with_warnings: "有警告",
    with_findings: "有问题",
    clean: "无问题",
    shown: "显示",
    sort_hint: "点击表头排序",
    findings: "审核发现",
    no_findings: "未发现问题。",
    unusable: "无法使用的文件",
    derivation: "计算过程",
    differs_hint: "底色标出的单元格：填报数与复核数不一致（括号内为填报数）；悬停或点击查看计算过程。",
    back: "返回汇总",
    summary_sheet: "汇总",
    place: "位置",
    problem: "问题",
    code: "代码",
    import_warning: "单元格未读入",
    message: "说明",
    help: "计算过程或处理建议",
};

const EN: PackLabels = PackLabels {
    title: "Audit of project expenditure performance self-evaluation tables",
    overview: "Summary",
    number: "No.",
    file: "File",
    declared_total: "Declared total",
    computed_total: "Computed total",
    errors: "Errors",
    warnings: "Warnings",
    infos: "Infos",
    filter_code: "Filter by code",
    filter_severity: "Filter by severity",
    all: "All",
    with_errors: "With errors",
    with_warnings: "With warnings",
    with_findings: "With findings",
    clean: "Clean",
    shown: "shown",
    sort_hint: "click a heading to sort",
    findings: "Findings",
    no_findings: "No findings.",
    unusable: "Unusable file",
    derivation: "Derivation",
    differs_hint: "Shaded cells: the declared figure differs from the computed one (the declared figure in brackets); hover or click for the derivation.",
    back: "Back to the summary",
    summary_sheet: "Summary",
    place: "Place",
    problem: "Problem",
    code: "Code",
    import_warning: "cell left out",
    message: "Message",
    help: "Derivation or what to do",
};

impl Lang {
    /// The audit pack's labels in this language.
    pub fn pack_labels(self) -> &'static PackLabels {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}
