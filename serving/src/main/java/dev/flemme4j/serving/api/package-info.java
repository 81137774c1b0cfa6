/**
 * What every transport of serving shares: the refused-request exception with its status and field, the bounded error reasons and the request meters.
 */
package dev.flemme4j.serving.api;
