/**
 * What every role shares on the wire: the Kafka topic names ({@link dev.flemme4j.protocol.Topics}, declared
 * only here) and the JSON mapper of the control records.
 */
package dev.flemme4j.protocol;
