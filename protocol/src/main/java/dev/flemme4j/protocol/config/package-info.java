/**
 * Reading Flemme YAML: {@link dev.flemme4j.protocol.config.YamlDocument} parses a document (duplicate keys kept
 * last, with a warning), {@link dev.flemme4j.protocol.config.ConfigNode} reads one mapping key by key with its YAML
 * path, records warnings and, once a registry has bound it, refuses undeclared keys.
 */
package dev.flemme4j.protocol.config;
