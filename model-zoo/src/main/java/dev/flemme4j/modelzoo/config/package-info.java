/**
 * Parsing of the {@code model:} section into immutable specs. This package holds the block vocabulary every
 * section shares (activation, normalisation, building-block and sampling names, stage widths) and the guard for
 * Flemme features not built yet; {@code encoder}, {@code loss} and {@code context} hold the sections' specs,
 * declared keys and registries.
 */
package dev.flemme4j.modelzoo.config;
