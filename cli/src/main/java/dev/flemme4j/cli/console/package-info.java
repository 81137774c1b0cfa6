/**
 * What a person sees in the terminal while {@code flemme local} or {@code flemme submit --follow} runs: one live
 * progress line with an ETA ({@link dev.flemme4j.cli.console.ProgressDisplay}, drawn by
 * {@link dev.flemme4j.cli.console.ProgressRenderer}), permanent lines printed above it
 * ({@link dev.flemme4j.cli.console.LiveConsole}), and the logging set-up that keeps the full logs in a file
 * while only warnings and errors reach the console ({@link dev.flemme4j.cli.console.ConsoleLogging}).
 */
package dev.flemme4j.cli.console;
