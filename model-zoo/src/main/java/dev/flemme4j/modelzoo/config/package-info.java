/**
 * Parsing of the model section of a Flemme YAML into immutable specs: encoders, blocks, attention, context embeddings, losses; 2024 key aliases and named choices.
 */
package dev.flemme4j.modelzoo.config;
