/**
 * Serving's HTTP face: the Vert.x verticle and its routes, one handler per inference endpoint, models and health listings, JSON replies.
 */
package dev.flemme4j.serving.http;
