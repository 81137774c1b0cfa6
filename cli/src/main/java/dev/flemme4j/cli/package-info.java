/**
 * The {@code flemme} command line: {@link dev.flemme4j.cli.Main} and one picocli command per verb ({@code local}, the three roles,
 * {@code submit}, {@code status}, {@code inspect}, {@code keys}, {@code data}, {@code infer}, {@code kernels}, {@code doctor}, {@code cancel},
 * {@code workers}, {@code kafka}), with the option mixins every role shares (Kafka, HTTP, auth, broker wait).
 */
package dev.flemme4j.cli;
