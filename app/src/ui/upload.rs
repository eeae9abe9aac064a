//! Sending a file from the browser with XMLHttpRequest, the browser API that reports
//! upload progress. The routes answer JSON: the stored result, or an `AppError`.

use crate::domain::text::urlencode;
use crate::error::AppError;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Posts `file` as the body to `route`, with `name=<its name>` added to the query. `progress` gets the percent sent;
/// `done` gets the answer once the request ends, however it ends.
pub fn send_file<T: DeserializeOwned + 'static>(
    route: &str,
    file: &web_sys::File,
    progress: impl Fn(u32) + 'static,
    done: impl Fn(Result<T, AppError>) + 'static,
) -> Result<(), AppError> {
    let failed = |_| AppError::Transport("the upload could not start".into());
    let xhr = web_sys::XmlHttpRequest::new().map_err(failed)?;
    let join = if route.contains('?') { '&' } else { '?' };
    let url = format!("{route}{join}name={}", urlencode(&file.name()));
    xhr.open("POST", &url).map_err(failed)?;
    let kind = file.type_();
    let kind = if kind.is_empty() {
        "application/octet-stream".to_string()
    } else {
        kind
    };
    xhr.set_request_header("Content-Type", &kind)
        .map_err(failed)?;
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress((e.loaded() / e.total() * 100.0).round() as u32);
            }
        });
    xhr.upload()
        .map_err(failed)?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    on_progress.forget();
    let reply = xhr.clone();
    let on_end = Closure::<dyn FnMut()>::new(move || {
        let body = reply.response_text().ok().flatten().unwrap_or_default();
        let result = match reply.status().unwrap_or(0) {
            200 => serde_json::from_str::<T>(&body).map_err(|_| AppError::Internal),
            0 => Err(AppError::Transport("the connection was lost".into())),
            _ => Err(serde_json::from_str::<AppError>(&body).unwrap_or(AppError::Internal)),
        };
        done(result);
    });
    xhr.set_onloadend(Some(on_end.as_ref().unchecked_ref()));
    on_end.forget();
    xhr.send_with_opt_blob(Some(file)).map_err(failed)
}
