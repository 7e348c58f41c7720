//! A result packed for the JavaScript wrapper: the value serde_json would
//! write, as a compact binary that `unpack()` in `wasm/js/index.js` turns
//! into exactly the objects `JSON.parse` would give (same keys in the same
//! order, same numbers, `null` where JSON has `null`), several times faster
//! than writing and parsing JSON (no number formatted or parsed, each
//! distinct string decoded once).
//!
//! It is a serde [`Serializer`], so it follows the types' own `Serialize`
//! (field order, skipped fields, renames) as serde_json does, with
//! serde_json's mapping of serde's data model: `None` and `()` are `null`,
//! a unit variant its name, a newtype variant `{name: value}`, a
//! non-finite float `null`, map keys strings (integers and booleans
//! written as JSON writes them).
//!
//! Layout (little-endian; every section starts at a multiple of 4, the
//! numbers at byte 16):
//!
//! | bytes | what |
//! |---|---|
//! | 16 | four u32: tokens, numbers, strings, UTF-8 bytes of the strings |
//! | 8 × numbers | f64, in the order their tokens come |
//! | 4 × tokens | u32 tokens, the value in prefix order (below) |
//! | 4 × strings | each string's length in UTF-16 code units |
//! | the rest | the strings' UTF-8, one after the other |
//!
//! A token's low 3 bits are its tag, the rest (`n`) its payload: 0 the next
//! number; 1 the integer `n` (0 ≤ n < 2²⁹); 2 the string `n`; 3 an object of
//! `n` entries, each a key token (the string index alone) then a value; 4
//! an array of `n` values; 5 `null` (`n` = 0), `true` (1) or `false` (2).
//! Every distinct string (keys and values) is written once.

use std::fmt::{self, Display};
use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;
use serde::ser::{self, Serialize};

const NUMBER: u32 = 0;
const INT: u32 = 1;
const STRING: u32 = 2;
const OBJECT: u32 = 3;
const ARRAY: u32 = 4;
const NULL: u32 = 5;
const TRUE: u32 = 5 | (1 << 3);
const FALSE: u32 = 5 | (2 << 3);
/// Integers below this are written in their token.
const SMALL: u64 = 1 << 29;

/// The first slot of `hash` in an index of `mask + 1` slots.
fn slot(hash: u64, mask: usize) -> usize {
    ((hash >> 32) ^ hash) as usize & mask
}

/// Why a value could not be packed (a map key that JSON cannot write).
#[derive(Debug)]
pub struct PackError(String);

impl Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PackError {}

impl ser::Error for PackError {
    fn custom<T: Display>(msg: T) -> Self {
        PackError(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, PackError>;

/// Packs `value` (see the module's documentation for the layout).
///
/// # Errors
/// When serde_json could not write it either: a map key that is not a
/// string, an integer, a boolean or a unit variant, or a `Serialize` that
/// fails; and for an array, object or string table of 2²⁹ entries or more
/// (which a token cannot count).
pub fn pack<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut p = Packer::default();
    value.serialize(&mut p)?;
    // Every entry of an array or object, and every string of the table,
    // has a token of its own: fewer tokens than 2²⁹, no count reaches it.
    if p.tokens.len() as u64 >= SMALL {
        return Err(PackError("too many values to pack".to_string()));
    }
    Ok(p.finish())
}

/// The sections being written.
struct Packer {
    tokens: Vec<u32>,
    numbers: Vec<f64>,
    /// Each string's UTF-16 length.
    lengths: Vec<u32>,
    /// Each string's end in `text`.
    ends: Vec<u32>,
    text: Vec<u8>,
    /// The string table's index: open addressing, linear probing, at most
    /// half full; each slot 0 or a string's index + 1.
    slots: Vec<u32>,
    /// Each string's hash.
    hashes: Vec<u64>,
    /// The index of recent `'static` strings (field and variant names) by
    /// address: (address, length, index + 1), 0 for none.
    names: [(usize, usize, u32); 64],
}

impl Default for Packer {
    fn default() -> Self {
        Packer {
            tokens: Vec::new(),
            numbers: Vec::new(),
            lengths: Vec::new(),
            ends: Vec::new(),
            text: Vec::new(),
            slots: Vec::new(),
            hashes: Vec::new(),
            names: [(0, 0, 0); 64],
        }
    }
}

impl Packer {
    fn finish(self) -> Vec<u8> {
        let size = 16
            + 8 * self.numbers.len()
            + 4 * (self.tokens.len() + self.lengths.len())
            + self.text.len();
        let mut out = Vec::with_capacity(size);
        for n in [
            self.tokens.len(),
            self.numbers.len(),
            self.lengths.len(),
            self.text.len(),
        ] {
            out.extend_from_slice(&(n as u32).to_le_bytes());
        }
        for x in &self.numbers {
            out.extend_from_slice(&x.to_le_bytes());
        }
        for t in self.tokens.iter().chain(&self.lengths) {
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend_from_slice(&self.text);
        out
    }

    /// The index of a `'static` string: by its address when seen lately (a
    /// `'static` string's bytes never change, so its address names it),
    /// without hashing it.
    #[inline(never)]
    fn name(&mut self, s: &'static str) -> u32 {
        let address = s.as_ptr() as usize;
        let slot = (address as u32).wrapping_mul(0x9e37_79b9) >> 26;
        if let Some(entry) = self.names.get_mut(slot as usize) {
            if entry.0 == address && entry.1 == s.len() && entry.2 != 0 {
                return entry.2 - 1;
            }
        }
        let k = self.string(s);
        if let Some(entry) = self.names.get_mut(slot as usize) {
            *entry = (address, s.len(), k + 1);
        }
        k
    }

    /// The index of string `s`, written on first sight.
    #[inline(never)]
    fn string(&mut self, s: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(s);
        if self.slots.len() < 2 * (self.hashes.len() + 1) {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = slot(hash, mask);
        while let Some(&k) = self.slots.get(i) {
            if k == 0 {
                break;
            }
            if self.hashes.get(k as usize - 1) == Some(&hash) && self.text_of(k - 1) == s.as_bytes()
            {
                return k - 1;
            }
            i = (i + 1) & mask;
        }
        let k = self.hashes.len() as u32;
        if let Some(free) = self.slots.get_mut(i) {
            *free = k + 1;
        }
        self.hashes.push(hash);
        self.text.extend_from_slice(s.as_bytes());
        self.ends.push(self.text.len() as u32);
        let utf16 = if s.is_ascii() {
            s.len()
        } else {
            s.encode_utf16().count()
        };
        self.lengths.push(utf16 as u32);
        k
    }

    /// The UTF-8 of string `k`.
    fn text_of(&self, k: u32) -> &[u8] {
        let k = k as usize;
        let start = match k.checked_sub(1) {
            Some(p) => self.ends.get(p).map_or(0, |&e| e as usize),
            None => 0,
        };
        let end = self.ends.get(k).map_or(0, |&e| e as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// Doubles the string table's index (64 slots at first).
    fn grow(&mut self) {
        let size = (2 * self.slots.len()).max(64);
        let mask = size - 1;
        self.slots = vec![0; size];
        for (k, &hash) in self.hashes.iter().enumerate() {
            let mut i = slot(hash, mask);
            while let Some(s) = self.slots.get_mut(i) {
                if *s == 0 {
                    *s = k as u32 + 1;
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }

    fn str_token(&mut self, s: &str) {
        let k = self.string(s);
        self.tokens.push(STRING | (k << 3));
    }

    fn number(&mut self, x: f64) {
        if x.is_finite() {
            self.tokens.push(NUMBER);
            self.numbers.push(x);
        } else {
            self.tokens.push(NULL);
        }
    }

    fn unsigned(&mut self, n: u64) {
        if n < SMALL {
            self.tokens.push(INT | ((n as u32) << 3));
        } else {
            self.tokens.push(NUMBER);
            self.numbers.push(n as f64);
        }
    }

    /// Opens an array or object, its count written by [`Packer::close`].
    fn open(&mut self, tag: u32) -> Compound<'_> {
        let at = self.tokens.len();
        self.tokens.push(tag);
        Compound { p: self, at, n: 0 }
    }

    /// `{variant: …}`: an object of one entry, its value to come.
    fn variant_key(&mut self, variant: &'static str) {
        self.tokens.push(OBJECT | (1 << 3));
        let k = self.name(variant);
        self.tokens.push(k);
    }
}

/// An array or object being written: `n` entries so far, its token at `at`.
struct Compound<'a> {
    p: &'a mut Packer,
    at: usize,
    n: u32,
}

impl Compound<'_> {
    fn close(self) {
        if let Some(t) = self.p.tokens.get_mut(self.at) {
            *t |= self.n << 3;
        }
    }

    fn key(&mut self, key: &str) {
        let k = self.p.string(key);
        self.p.tokens.push(k);
        self.n += 1;
    }

    fn name(&mut self, key: &'static str) {
        let k = self.p.name(key);
        self.p.tokens.push(k);
        self.n += 1;
    }
}

impl<'a> ser::Serializer for &'a mut Packer {
    type Ok = ();
    type Error = PackError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.tokens.push(if v { TRUE } else { FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        match u64::try_from(v) {
            Ok(n) => self.unsigned(n),
            Err(_) => {
                self.tokens.push(NUMBER);
                self.numbers.push(v as f64);
            }
        }
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        match u64::try_from(v) {
            Ok(n) => self.unsigned(n),
            Err(_) => {
                self.tokens.push(NUMBER);
                self.numbers.push(v as f64);
            }
        }
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        match u64::try_from(v) {
            Ok(n) => self.unsigned(n),
            Err(_) => {
                self.tokens.push(NUMBER);
                self.numbers.push(v as f64);
            }
        }
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        // JSON writes an f32's shortest decimal, which JavaScript reads as
        // the nearest f64 (not the f32's exact value).
        if v.is_finite() {
            let x = v.to_string().parse::<f64>().unwrap_or(f64::from(v));
            self.number(x);
        } else {
            self.tokens.push(NULL);
        }
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.str_token(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.str_token(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.tokens.push(ARRAY | ((v.len() as u32) << 3));
        for &b in v {
            self.unsigned(b.into());
        }
        Ok(())
    }
    fn serialize_none(self) -> Result<()> {
        self.tokens.push(NULL);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        self.tokens.push(NULL);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<()> {
        self.tokens.push(NULL);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<()> {
        let k = self.name(variant);
        self.tokens.push(STRING | (k << 3));
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.variant_key(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>> {
        Ok(self.open(ARRAY))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>> {
        self.variant_key(variant);
        Ok(self.open(ARRAY))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.open(OBJECT))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>> {
        Ok(self.open(OBJECT))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>> {
        self.variant_key(variant);
        Ok(self.open(OBJECT))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = PackError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.n += 1;
        value.serialize(&mut *self.p)
    }
    fn end(self) -> Result<()> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = PackError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = PackError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = PackError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<()> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = PackError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let key = key.serialize(KeySerializer)?;
        self.key(&key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.p)
    }
    fn end(self) -> Result<()> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = PackError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.name(key);
        value.serialize(&mut *self.p)
    }
    fn end(self) -> Result<()> {
        self.close();
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = PackError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<()> {
        self.close();
        Ok(())
    }
}

/// A map key as the string JSON writes for it (serde_json's rules).
struct KeySerializer;

fn key_error() -> PackError {
    PackError("key must be a string".to_string())
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = PackError;
    type SerializeSeq = ser::Impossible<String, PackError>;
    type SerializeTuple = ser::Impossible<String, PackError>;
    type SerializeTupleStruct = ser::Impossible<String, PackError>;
    type SerializeTupleVariant = ser::Impossible<String, PackError>;
    type SerializeMap = ser::Impossible<String, PackError>;
    type SerializeStruct = ser::Impossible<String, PackError>;
    type SerializeStructVariant = ser::Impossible<String, PackError>;

    fn serialize_bool(self, v: bool) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i8(self, v: i8) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_i128(self, v: i128) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_u128(self, v: u128) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_f32(self, _: f32) -> Result<String> {
        Err(key_error())
    }
    fn serialize_f64(self, _: f64) -> Result<String> {
        Err(key_error())
    }
    fn serialize_char(self, v: char) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<String> {
        Ok(v.to_string())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<String> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<String> {
        Err(key_error())
    }
    fn serialize_unit(self) -> Result<String> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String> {
        Ok(variant.to_string())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(key_error())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(key_error())
    }
}

/// A packed value read back as the JSON value it stands for (numbers
/// written in their token as integers, the others as floats): for tests,
/// which compare it with serde_json's.
pub fn unpack_json(bytes: &[u8]) -> Option<serde_json::Value> {
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?))
    };
    let [tokens, numbers, strings, text] =
        [0, 4, 8, 12].map(|at| u32_at(at).map_or(0, |n| n as usize));
    let numbers_at = 16;
    let tokens_at = numbers_at + 8 * numbers;
    let lengths_at = tokens_at + 4 * tokens;
    let text_at = lengths_at + 4 * strings;
    let all = std::str::from_utf8(bytes.get(text_at..text_at + text)?).ok()?;
    let mut table = Vec::with_capacity(strings);
    let mut rest = all;
    for k in 0..strings {
        let units = u32_at(lengths_at + 4 * k)? as usize;
        let mut end = 0;
        let mut n = 0;
        for c in rest.chars() {
            if n == units {
                break;
            }
            n += c.len_utf16();
            end += c.len_utf8();
        }
        let (s, tail) = rest.split_at(end);
        table.push(s.to_string());
        rest = tail;
    }
    let mut reader = Reader {
        bytes,
        tokens_at,
        numbers_at,
        table,
        t: 0,
        x: 0,
    };
    let v = reader.value()?;
    (reader.t == tokens && reader.x == numbers).then_some(v)
}

struct Reader<'a> {
    bytes: &'a [u8],
    tokens_at: usize,
    numbers_at: usize,
    table: Vec<String>,
    t: usize,
    x: usize,
}

impl Reader<'_> {
    fn token(&mut self) -> Option<u32> {
        let at = self.tokens_at + 4 * self.t;
        self.t += 1;
        Some(u32::from_le_bytes(
            self.bytes.get(at..at + 4)?.try_into().ok()?,
        ))
    }

    fn value(&mut self) -> Option<serde_json::Value> {
        use serde_json::Value;
        let token = self.token()?;
        let n = token >> 3;
        Some(match token & 7 {
            NUMBER => {
                let at = self.numbers_at + 8 * self.x;
                self.x += 1;
                let x = f64::from_le_bytes(self.bytes.get(at..at + 8)?.try_into().ok()?);
                Value::from(x)
            }
            INT => Value::from(n),
            STRING => Value::from(self.table.get(n as usize)?.clone()),
            OBJECT => {
                let mut map = serde_json::Map::new();
                for _ in 0..n {
                    let key = self.token()?;
                    let key = self.table.get(key as usize)?.clone();
                    let v = self.value()?;
                    map.insert(key, v);
                }
                Value::Object(map)
            }
            ARRAY => Value::Array((0..n).map(|_| self.value()).collect::<Option<_>>()?),
            _ => match n {
                0 => Value::Null,
                1 => Value::Bool(true),
                2 => Value::Bool(false),
                _ => return None,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    enum E {
        Unit,
        New(u8),
        Tuple(i8, f32),
        Struct { a: Option<bool> },
    }

    #[derive(serde::Serialize)]
    struct Unit;

    #[derive(serde::Serialize)]
    struct S<'a> {
        s: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
        n: Vec<f64>,
        i: [i64; 3],
        big: u64,
        e: Vec<E>,
        keys: BTreeMap<i32, char>,
        unit: Unit,
        nothing: (),
        t: (bool, &'a str),
    }

    /// What a packed value reads back as equals serde_json's value of it,
    /// through serde_json's text (floats stay floats, integers integers).
    #[test]
    fn packed_values_read_back_as_json_values() {
        let value = S {
            s: "é𝄞\u{feff}x",
            skipped: None,
            n: vec![0.5, -0.0, 1.0, f64::NAN, f64::INFINITY, 1e300, 5e-324],
            i: [-1, 7, i64::MIN],
            big: u64::MAX,
            e: vec![
                E::Unit,
                E::New(3),
                E::Tuple(-4, 0.1),
                E::Struct { a: None },
                E::Unit,
            ],
            keys: [(-2, 'a'), (10, '𝄞')].into_iter().collect(),
            unit: Unit,
            nothing: (),
            t: (false, "é𝄞\u{feff}x"),
        };
        let packed = pack(&value).unwrap();
        let got = unpack_json(&packed).unwrap();
        let mut want: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
        // Integers outside the token's range travel as floats.
        want["i"] = serde_json::json!([-1.0, 7, i64::MIN as f64]);
        want["big"] = serde_json::json!(u64::MAX as f64);
        want["e"][2]["Tuple"][0] = serde_json::json!(-4.0);
        // f32 0.1 is written 0.1, which JSON reads as the f64 0.1.
        assert_eq!(want["e"][2]["Tuple"][1], serde_json::json!(0.1));
        assert_eq!(got, want);
        // Each distinct string once: "é𝄞\u{feff}x" is 5 UTF-16 units.
        let strings = u32::from_le_bytes(packed.get(8..12).unwrap().try_into().unwrap());
        let distinct = [
            "s",
            "n",
            "i",
            "big",
            "e",
            "keys",
            "unit",
            "nothing",
            "t",
            "é𝄞\u{feff}x",
            "Unit",
            "New",
            "Tuple",
            "Struct",
            "a",
            "-2",
            "10",
            "𝄞",
        ];
        assert_eq!(strings as usize, distinct.len());
        assert!(pack(
            &[(vec![1], 2)]
                .into_iter()
                .collect::<BTreeMap<Vec<u8>, u8>>()
        )
        .is_err());
    }
}
