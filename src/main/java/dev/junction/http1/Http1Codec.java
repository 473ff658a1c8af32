package dev.junction.http1;

import io.netty.channel.CombinedChannelDuplexHandler;

/**
 * Junction's HTTP/1.1 codec for one connection: an {@link Http1Decoder} and an {@link Http1Encoder}
 * sharing what each side needs to know of the other (which request an answer is for).
 */
public final class Http1Codec extends CombinedChannelDuplexHandler<Http1Decoder, Http1Encoder> {
  /**
   * @param listener true on a client connection (decodes requests, encodes answers), false on a
   *     backend connection (encodes requests, decodes answers)
   */
  public Http1Codec(boolean listener, int maxLine, int maxFields) {
    Http1Decoder decoder = new Http1Decoder(listener, maxLine, maxFields);
    init(decoder, new Http1Encoder(decoder, !listener));
  }

  public Http1Decoder decoder() {
    return inboundHandler();
  }
}
