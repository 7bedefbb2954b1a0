//! Parse and type-check one condition: raw JSON → [`Expr`], against the fact-type table.

use super::expr::{Expr, Leaf, MAX_DEPTH, Op, Operand, Quant, Quantifier};
use super::facts::FactType;
use super::{CompileError, ErrorKind};
use crate::load::{Document, Location};
use crate::vocab::dates::parse_full_date;
use serde_json::{Map, Value};

/// Where a condition is being compiled: the file, for locating errors.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub errors: &'a mut Vec<CompileError>,
}

impl Ctx<'_> {
    fn error(&mut self, kind: ErrorKind, at: &str, message: String, hint: Option<String>) {
        self.errors.push(CompileError {
            kind,
            location: Location::at(self.doc, at),
            message,
            hint,
        });
    }
}

/// The shapes a condition can take, for messages.
pub use crate::vocab::op::{SHAPES, shape_hint, unknown_op_hint};
pub use crate::vocab::suggest::nearest;

/// Compile the condition `value` found at `at`, with fact pointers resolved in `scope`.
pub(crate) fn parse(
    ctx: &mut Ctx<'_>,
    value: &Value,
    at: &str,
    scope: &FactType,
    depth: usize,
) -> Option<Expr> {
    if depth > MAX_DEPTH {
        ctx.error(
            ErrorKind::TooDeep,
            at,
            format!("conditions nest deeper than {MAX_DEPTH} levels"),
            Some("flatten the condition: `all`/`any` take many children".into()),
        );
        return None;
    }
    let Some(obj) = value.as_object() else {
        ctx.error(
            ErrorKind::Shape,
            at,
            "a condition must be an object".into(),
            Some(SHAPES.into()),
        );
        return None;
    };
    let list = |ctx: &mut Ctx<'_>, key: &str| -> Option<Vec<Expr>> {
        let items = obj.get(key)?.as_array()?;
        let parsed: Vec<Option<Expr>> = items
            .iter()
            .enumerate()
            .map(|(i, v)| parse(ctx, v, &format!("{at}/{key}/{i}"), scope, depth + 1))
            .collect();
        parsed.into_iter().collect()
    };
    if obj.contains_key("fact") {
        return leaf(ctx, obj, at, scope);
    }
    if obj.contains_key("all") {
        return list(ctx, "all").map(Expr::All);
    }
    if obj.contains_key("any") {
        return list(ctx, "any").map(Expr::Any);
    }
    if let Some(inner) = obj.get("not") {
        return parse(ctx, inner, &format!("{at}/not"), scope, depth + 1)
            .map(|e| Expr::Not(Box::new(e)));
    }
    if let Some(n) = obj.get("at_least").and_then(Value::as_u64) {
        let children = list(ctx, "of")?;
        if n as usize > children.len() {
            ctx.error(
                ErrorKind::Shape,
                &format!("{at}/at_least"),
                format!(
                    "at_least {n} of {} conditions can never hold",
                    children.len()
                ),
                Some("lower the bound or add conditions".into()),
            );
            return None;
        }
        return Some(Expr::AtLeast(n as usize, children));
    }
    for (key, quantifier) in [
        ("some", Quantifier::Some),
        ("every", Quantifier::Every),
        ("none", Quantifier::None),
        ("count", Quantifier::Count),
    ] {
        if let Some(over) = obj.get(key).and_then(Value::as_str) {
            return quant(ctx, obj, at, scope, depth, key, quantifier, over);
        }
    }
    ctx.error(
        ErrorKind::Shape,
        at,
        "not a valid condition".into(),
        Some(shape_hint(value)),
    );
    None
}

#[allow(clippy::too_many_arguments)]
fn quant(
    ctx: &mut Ctx<'_>,
    obj: &Map<String, Value>,
    at: &str,
    scope: &FactType,
    depth: usize,
    key: &str,
    quantifier: Quantifier,
    over: &str,
) -> Option<Expr> {
    let over_at = format!("{at}/{key}");
    let item = match resolve(ctx, scope, over, &over_at)? {
        FactType::Array(item) => item.as_ref().clone(),
        FactType::Any => FactType::Any,
        other => {
            ctx.error(
                ErrorKind::TypeMismatch,
                &over_at,
                format!(
                    "`{key}` needs an array fact, but {over} is a {}",
                    other.name()
                ),
                None,
            );
            return None;
        }
    };
    let condition = match obj.get("where") {
        Some(w) => Some(parse(ctx, w, &format!("{at}/where"), &item, depth + 1)?),
        None => None,
    };
    let bound = if quantifier == Quantifier::Count {
        let op = obj.get("op").and_then(Value::as_str).and_then(Op::parse);
        let n = obj.get("value").and_then(Value::as_u64);
        match (op, n) {
            (Some(op @ (Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge)), Some(n)) => {
                Some((op, n))
            }
            _ => {
                ctx.error(
                    ErrorKind::Shape,
                    at,
                    "`count` needs \"op\" (eq, ne, lt, le, gt, ge) and a whole-number \"value\""
                        .into(),
                    None,
                );
                return None;
            }
        }
    } else {
        None
    };
    Some(Expr::Quant(Box::new(Quant {
        quantifier,
        over: over.into(),
        condition,
        bound,
    })))
}

fn resolve<'t>(
    ctx: &mut Ctx<'_>,
    scope: &'t FactType,
    pointer: &str,
    at: &str,
) -> Option<&'t FactType> {
    match scope.resolve(pointer) {
        Ok(t) => Some(t),
        Err(un) => {
            let paths = scope.all_paths();
            let near_full = nearest(pointer, paths.iter().map(String::as_str));
            let near_token = nearest(&un.token, un.available.iter().map(String::as_str));
            let hint = match (near_full, near_token) {
                (Some(p), _) => Some(format!("did you mean \"{p}\"?")),
                (None, Some(t)) => Some(format!("did you mean \"{}/{t}\"?", un.prefix)),
                (None, None) if !un.available.is_empty() => Some(format!(
                    "facts under `{}`: {}",
                    if un.prefix.is_empty() {
                        "/"
                    } else {
                        &un.prefix
                    },
                    un.available.join(", ")
                )),
                _ => None,
            };
            ctx.error(
                ErrorKind::UnknownFact,
                at,
                format!(
                    "unknown fact \"{pointer}\": the profile schema has no \"{}\" under \"{}\"",
                    un.token,
                    if un.prefix.is_empty() {
                        "/"
                    } else {
                        &un.prefix
                    }
                ),
                hint,
            );
            None
        }
    }
}

fn leaf(ctx: &mut Ctx<'_>, obj: &Map<String, Value>, at: &str, scope: &FactType) -> Option<Expr> {
    let fact = obj.get("fact").and_then(Value::as_str).unwrap_or_default();
    let op_name = obj.get("op").and_then(Value::as_str).unwrap_or_default();
    let Some(op) = Op::parse(op_name) else {
        ctx.error(
            ErrorKind::UnknownOperator,
            &format!("{at}/op"),
            format!("unknown operator \"{op_name}\""),
            Some(unknown_op_hint(op_name)),
        );
        return None;
    };
    let ty = resolve(ctx, scope, fact, &format!("{at}/fact"))?.clone();
    let value = obj.get("value").cloned();
    let value_at = format!("{at}/value");
    let mismatch = |ctx: &mut Ctx<'_>, msg: String| {
        ctx.error(ErrorKind::TypeMismatch, &value_at, msg, None);
        None
    };
    let operand = match (op, &value) {
        (Op::Exists, None) => Operand::None,
        (Op::Exists, Some(_)) => {
            return mismatch(
                ctx,
                "`exists` takes no \"value\"; remove it (use `not` for absence)".into(),
            );
        }
        (_, None) => return mismatch(ctx, format!("`{}` needs a \"value\"", op.as_str())),
        (Op::Eq | Op::Ne, Some(v)) => {
            check_scalar(ctx, &ty, v, fact, &value_at)?;
            Operand::Value(v.clone())
        }
        (Op::Lt | Op::Le | Op::Gt | Op::Ge, Some(v)) => {
            if !matches!(ty, FactType::Number | FactType::Any) {
                return mismatch(
                    ctx,
                    format!(
                        "`{}` compares numbers, but {fact} is a {}",
                        op.as_str(),
                        ty.name()
                    ),
                );
            }
            match v.as_f64() {
                Some(n) if n.is_finite() => Operand::Number(n),
                _ => {
                    return mismatch(
                        ctx,
                        format!("`{}` needs a finite number as \"value\"", op.as_str()),
                    );
                }
            }
        }
        (Op::In | Op::NotIn, Some(v)) => {
            let Some(items) = v.as_array() else {
                return mismatch(
                    ctx,
                    format!("`{}` needs an array of candidate values", op.as_str()),
                );
            };
            for (i, item) in items.iter().enumerate() {
                check_scalar(ctx, &ty, item, fact, &format!("{value_at}/{i}"))?;
            }
            Operand::List(items.clone())
        }
        (Op::Contains, Some(v)) => match &ty {
            FactType::Array(item) => {
                check_scalar(ctx, item, v, fact, &value_at)?;
                Operand::Value(v.clone())
            }
            FactType::Any => Operand::Value(v.clone()),
            other => {
                return mismatch(
                    ctx,
                    format!(
                        "`contains` needs an array fact, but {fact} is a {}",
                        other.name()
                    ),
                );
            }
        },
        (Op::Before | Op::After, Some(v)) => {
            if !matches!(ty, FactType::Date | FactType::Any) {
                return mismatch(
                    ctx,
                    format!(
                        "`{}` compares dates, but {fact} is a {}",
                        op.as_str(),
                        ty.name()
                    ),
                );
            }
            match v.as_str().and_then(parse_full_date) {
                Some(d) => Operand::Date(d),
                None => {
                    return mismatch(
                        ctx,
                        format!("`{}` needs a date \"YYYY-MM-DD\", got {v}", op.as_str()),
                    );
                }
            }
        }
    };
    Some(Expr::Leaf(Leaf {
        fact: fact.into(),
        op,
        value,
        operand,
    }))
}

/// Check that a literal fits the fact's type (and its enum, with a "did you mean").
fn check_scalar(ctx: &mut Ctx<'_>, ty: &FactType, v: &Value, fact: &str, at: &str) -> Option<()> {
    if let (
        FactType::String {
            values: Some(values),
        },
        Some(s),
    ) = (ty, v.as_str())
        && !values.iter().any(|x| x == s)
    {
        let hint = match nearest(s, values.iter().map(String::as_str)) {
            Some(n) => format!("did you mean \"{n}\"? allowed: {}", values.join(", ")),
            None => format!("allowed: {}", values.join(", ")),
        };
        ctx.error(
            ErrorKind::TypeMismatch,
            at,
            format!("\"{s}\" is not a value {fact} can take"),
            Some(hint),
        );
        return None;
    }
    // A literal is compared with a scalar: a list or an object is never one.
    let ok = !matches!(ty, FactType::Array(_) | FactType::Object(_)) && ty.holds(v);
    if ok {
        Some(())
    } else {
        ctx.error(
            ErrorKind::TypeMismatch,
            at,
            format!("{fact} is a {}, but the value is {v}", ty.name()),
            Some(match ty {
                FactType::Array(_) => "compare elements with `contains` or a quantifier (`some`, `every`, `none`, `count`)".into(),
                FactType::Object(_) => "point at a fact inside the object".into(),
                _ => format!("write a {} value", ty.name()),
            }),
        );
        None
    }
}
