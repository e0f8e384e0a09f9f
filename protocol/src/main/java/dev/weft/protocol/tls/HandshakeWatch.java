package dev.weft.protocol.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;

/**
 * First handler of every accepted connection: once the server has set up the connection's
 * pipeline, watches its TLS handshake (if it has one) and reports a failed one to
 * {@link TlsRefusals}; then steps out of the pipeline.
 */
@ChannelHandler.Sharable
final class HandshakeWatch extends ChannelInboundHandlerAdapter {

  static final HandshakeWatch INSTANCE = new HandshakeWatch();

  private HandshakeWatch() {}

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl != null) {
      ssl.handshakeFuture().addListener(f -> {
        if (!f.isSuccess()) {
          TlsRefusals.refused(ctx.channel().localAddress(), ctx.channel().remoteAddress(), f.cause());
        }
      });
    }
    ctx.pipeline().remove(this);
    super.channelActive(ctx);
  }
}
