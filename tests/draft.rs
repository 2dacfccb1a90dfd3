//! `perf-eval report`: the draft 绩效自评报告, its figures taken from the table.

use std::fs;
use std::io::Read;
use std::path::Path;

mod common;
use common::stdout_of;

#[test]
fn the_seed_draft_carries_the_seed_s_own_figures() {
    let draft = stdout_of(&["report", "fixtures/2022.toml"]);
    // The figures the seed's report copies by hand from its table.
    for figure in [
        "资金1444.49万元",
        "资金到位率100%",
        "2022年度支出1246.51万元",
        "预算执行率86%",
        "该项目自评分为96分，评价等级为“优秀”",
    ] {
        assert!(draft.contains(figure), "{figure} missing");
    }
    // The three 数量 indicators that fell short, named.
    let quantity = draft
        .lines()
        .find(|line| line.starts_with("数量指标："))
        .unwrap();
    assert!(
        quantity.starts_with("数量指标：3项未达到预期目标。"),
        "{quantity}"
    );
    for name in [
        "“‘益办事’APP办理事项”",
        "“城市运行综合管理平台对接平台数量”",
        "“融合通信平台对接部门数量”",
    ] {
        assert!(quantity.contains(name), "{name} not named in {quantity}");
    }
    insta::assert_snapshot!("draft_seed", draft);
}

#[test]
fn a_table_that_does_not_add_up_says_so_at_the_top() {
    let draft = stdout_of(&["report", "fixtures/2022.toml", "--rules", "mof-2020"]);
    let top: Vec<&str> = draft.lines().take(3).collect();
    assert_eq!(
        top[2],
        "> 注意：按 mof-2020 复核，自评表有 10 处错误，数字未核对一致前不应报送本报告（perf-eval check 可查看每处错误的位置）："
    );
    assert!(draft.contains("该项目自评分为105.50分，评价等级为“优”"));
}

#[test]
fn missing_words_are_marked_never_invented() {
    let draft = stdout_of(&["report", "tests/data/findings/clean.toml"]);
    for placeholder in [
        "【待填写：项目立项依据、主要内容、资金安排】",
        "【待填写：自评目的、组织方式和工作过程】",
        "【待填写：到位资金，见 [report] arrived】",
        "【待填写：资金使用及管理情况，如未支出的原因】",
        "【待填写：存在的问题和改进措施】",
        "【待填写：自评结果的应用和公开方式】",
    ] {
        assert!(draft.contains(placeholder), "{placeholder} missing");
    }
    assert!(
        !draft.contains("注意："),
        "a clean table carries no warning"
    );
}

#[test]
fn the_word_draft_has_the_table_and_the_total() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("draft-docx");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join("自评报告.docx");
    stdout_of(&["report", "fixtures/2022.toml", "-o", path.to_str().unwrap()]);
    let mut archive = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert_eq!(
        xml.matches("<w:tbl>").count(),
        2,
        "the funds and indicator tables"
    );
    assert!(xml.contains("该项目自评分为96分，评价等级为“优秀”"));
    assert!(xml.contains("评价等级：优秀"), "the 总分 row of the table");
    assert!(xml.contains("城市运行综合管理平台对接平台数量"));
}
