//! The language of labels and explanations: Chinese, the form's own, or English for reviewers.

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}
