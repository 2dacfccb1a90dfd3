//! The checking page: one HTML document filled in at start, a script and a style sheet, all
//! inside the binary. Nothing is fetched from elsewhere; the policy below forbids it.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use perf_eval::messages::serve;
use perf_eval::profile::BUILTIN;
use perf_eval::profile::Profile;
use perf_eval::render::escape_markup as escape;

use super::{Config, MAX_FILES};

/// Only the page's own script, style and requests; no frame, no plugin, no outside source.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const HTML: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

#[derive(Clone, Copy)]
pub enum Asset {
    Script,
    Style,
}

pub fn asset(asset: Asset) -> Response {
    let kind = match asset {
        Asset::Script => "text/javascript; charset=utf-8",
        Asset::Style => "text/css; charset=utf-8",
    };
    ([(header::CONTENT_TYPE, kind)], asset_text(asset)).into_response()
}

pub fn asset_text(asset: Asset) -> &'static str {
    match asset {
        Asset::Script => SCRIPT,
        Asset::Style => STYLE,
    }
}

/// The page in the server's language, listing its profiles: its own first, then the built-in
/// ones.
pub fn html(config: &Config) -> String {
    let words = serve::page(config.lang);
    let own = config
        .profile
        .iter()
        .map(|p| (p.name.clone(), p.title.clone()));
    let builtin = BUILTIN.iter().filter_map(|(name, _)| {
        let profile = Profile::builtin(name)?;
        let taken = config.profile.as_ref().is_some_and(|own| own.name == *name);
        (!taken).then_some((profile.name, profile.title))
    });
    let default = config
        .profile
        .as_ref()
        .map_or(perf_eval::profile::DEFAULT_PROFILE, |p| p.name.as_str());
    let options: String = own
        .chain(builtin)
        .map(|(name, title)| {
            let selected = if name == default { " selected" } else { "" };
            format!(
                "<option value=\"{}\"{selected}>{} — {}</option>",
                escape(&name),
                escape(&name),
                escape(&title)
            )
        })
        .collect();
    // The labels as data for the script; `<` escaped so that no text can close the element.
    let json = serde_json::to_string(words)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    HTML.replace("{{lang}}", words.lang)
        .replace("{{title}}", &escape(words.title))
        .replace("{{intro}}", &escape(words.intro))
        .replace("{{privacy}}", &escape(words.privacy))
        .replace("{{drop}}", &escape(words.drop))
        .replace("{{profile}}", &escape(words.profile))
        .replace("{{token}}", &escape(words.token))
        .replace("{{sources}}", &escape(words.sources))
        .replace(
            "{{needs-token}}",
            if config.token.is_some() { "1" } else { "0" },
        )
        .replace("{{max-files}}", &MAX_FILES.to_string())
        // The server's own refusal of an upload past the limit, for the page to give before
        // sending what the server would not read.
        .replace("{{max-bytes}}", &config.max_body.to_string())
        .replace(
            "{{too-large}}",
            &escape(
                &serve::Refusal::TooLarge {
                    mb: config.max_body >> 20,
                }
                .text(config.lang),
            ),
        )
        .replace("{{options}}", &options)
        .replace("{{words}}", &json)
}
