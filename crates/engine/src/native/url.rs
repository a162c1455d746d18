//! WHATWG URL parsing and component setters for the JavaScript `URL` class, on the `url` crate
//! (whose `quirks` module follows the URL Standard's getters and setters).

use rquickjs::{function::Opt, Ctx, Function, Object};
use url::{quirks, Url};

pub(super) fn register<'js>(ctx: &Ctx<'js>, native: &Object<'js>) -> rquickjs::Result<()> {
    // punycodeEncode(label) / punycodeDecode(text) -> Punycode (RFC 3492) both ways, null when
    // the input cannot be coded.
    native.set(
        "punycodeEncode",
        Function::new(ctx.clone(), |text: String| {
            idna::punycode::encode_str(&text)
        })?,
    )?;
    native.set(
        "punycodeDecode",
        Function::new(ctx.clone(), |text: String| {
            idna::punycode::decode_to_string(&text)
        })?,
    )?;
    // urlDomainToUnicode(domain) -> the domain with punycode labels decoded, '' if invalid.
    native.set(
        "urlDomainToUnicode",
        Function::new(ctx.clone(), |domain: String| -> String {
            match idna::domain_to_unicode(&domain) {
                (text, Ok(())) => text,
                (_, Err(_)) => String::new(),
            }
        })?,
    )?;
    // urlParse(input, base?) -> components, or null when the input is not a valid URL.
    native.set(
        "urlParse",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             input: String,
             base: Opt<String>|
             -> rquickjs::Result<Option<Object<'js>>> {
                let parsed = match base.0 {
                    Some(base) => Url::parse(&base).and_then(|b| b.join(&input)),
                    None => Url::parse(&input),
                };
                match parsed {
                    Ok(url) => Ok(Some(components(&ctx, &url)?)),
                    Err(_) => Ok(None),
                }
            },
        )?,
    )?;
    // urlSet(href, name, value) -> components after the setter ran (setters ignore bad values).
    native.set(
        "urlSet",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>,
             href: String,
             name: String,
             value: String|
             -> rquickjs::Result<Option<Object<'js>>> {
                let Ok(mut url) = Url::parse(&href) else {
                    return Ok(None);
                };
                match name.as_str() {
                    "href" => match Url::parse(&value) {
                        Ok(u) => url = u,
                        Err(_) => return Ok(None),
                    },
                    "protocol" => {
                        let _ = quirks::set_protocol(&mut url, &value);
                    }
                    "username" => {
                        let _ = quirks::set_username(&mut url, &value);
                    }
                    "password" => {
                        let _ = quirks::set_password(&mut url, &value);
                    }
                    "host" => {
                        let _ = quirks::set_host(&mut url, &value);
                    }
                    "hostname" => {
                        let _ = quirks::set_hostname(&mut url, &value);
                    }
                    "port" => {
                        let _ = quirks::set_port(&mut url, &value);
                    }
                    "pathname" => quirks::set_pathname(&mut url, &value),
                    "search" => quirks::set_search(&mut url, &value),
                    "hash" => quirks::set_hash(&mut url, &value),
                    _ => {}
                }
                Ok(Some(components(&ctx, &url)?))
            },
        )?,
    )?;
    Ok(())
}

fn components<'js>(ctx: &Ctx<'js>, url: &Url) -> rquickjs::Result<Object<'js>> {
    let o = Object::new(ctx.clone())?;
    o.set("href", quirks::href(url))?;
    o.set("origin", quirks::origin(url))?;
    o.set("protocol", quirks::protocol(url))?;
    o.set("username", quirks::username(url))?;
    o.set("password", quirks::password(url))?;
    o.set("host", quirks::host(url))?;
    o.set("hostname", quirks::hostname(url))?;
    o.set("port", quirks::port(url))?;
    o.set("pathname", quirks::pathname(url))?;
    o.set("search", quirks::search(url))?;
    o.set("hash", quirks::hash(url))?;
    Ok(o)
}
