/**
 * What {@code flemme local} reports after training: the held-out evaluation of the served model and its
 * picture of scored cases.
 */
package dev.flemme4j.cli.local;
