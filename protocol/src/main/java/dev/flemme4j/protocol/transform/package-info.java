/**
 * The {@code transforms} kind: every {@code name:} of Flemme's {@code data_transforms}/{@code label_transforms}/
 * {@code target_transforms}/{@code class_label_transforms} lists registers once as a
 * {@link dev.flemme4j.protocol.transform.Transform} (its keys per dimension, its parse, its shape rule, how it applies
 * to an image or a class index, what serving needs), and {@link dev.flemme4j.protocol.transform.TransformChain}
 * runs a list of them; the callers (loader parsing, job validation, ingestion, model export) never switch on a name.
 */
package dev.flemme4j.protocol.transform;
