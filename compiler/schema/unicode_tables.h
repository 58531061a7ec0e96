#pragma once
// The Unicode properties the IDNA2008 checks need (RFC 5891-5893), as
// generated tables: see unicode_tables.cpp.
namespace claudelint::schema::unicode {

/// Bidi_Class values (UAX #9).
enum class Bidi { L, R, AL, EN, ES, ET, AN, CS, NSM, BN, B, S, WS, ON, LRE, LRO, RLE, RLO, PDF, LRI, RLI, FSI, PDI };

/// Whether IDNA2008 (RFC 5892) derives PVALID for `c`.
bool is_pvalid(char32_t c);

/// Whether `c` is a combining mark (General_Category M).
bool is_mark(char32_t c);

/// Whether `c` is a virama (Canonical_Combining_Class 9).
bool is_virama(char32_t c);

Bidi bidi_class(char32_t c);

} // namespace claudelint::schema::unicode
