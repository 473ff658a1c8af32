/**
 * Junction's own HTTP/1.1 codec, strict on both sides: {@link dev.junction.http1.Http1Decoder}
 * frames requests from clients and answers from backends (RFC 9112; refuses what could desync a
 * peer), {@link dev.junction.http1.Http1Encoder} writes them, {@link dev.junction.http1.Http1Codec}
 * pairs the two on a channel, {@link dev.junction.http1.ArrayHeaders} holds a head's fields in
 * arrival order without a map, and {@link dev.junction.http1.FieldNames} checks field names. {@link
 * dev.junction.http1.PeerFailures} puts a failed peer's behaviour into words for problem bodies and
 * logs. Knows nothing of routing or backends.
 */
@NullMarked
package dev.junction.http1;

import org.jspecify.annotations.NullMarked;
