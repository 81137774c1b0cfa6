/**
 * The declared component registry: for each YAML kind (architecture, encoder, loss, transform, ...) every
 * {@code name:} is registered once as a {@link dev.flemme4j.protocol.registry.Component} with its declared
 * {@link dev.flemme4j.protocol.registry.Key}s and its parser; a {@link dev.flemme4j.protocol.registry.ComponentKind}
 * holds the names of one kind and resolves them with a suggestion, and {@link dev.flemme4j.protocol.registry.NameTable}
 * resolves plain value names ({@code normalization: group}) the same way. {@code ./flemme keys} prints the registry.
 */
package dev.flemme4j.protocol.registry;
