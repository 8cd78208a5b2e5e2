package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The JSON codec against any text a client can send: every frame is a message or a clear
 * refusal, never another exception; a message is forwarded with the connection's id as its one
 * sender and everything else as the client wrote it; and what the server writes reads back as
 * it was meant. The hub-level consequences are in {@link FrameFuzzTest}.
 */
@AddLifecycleHook(FuzzSettings.class)
class CodecFuzzTest {

  private static final MessageCodec<Long> LONGS = MessageCodec.json(IdCodec.longs());
  private static final MessageCodec<String> STRINGS = MessageCodec.json(IdCodec.strings());
  private static final MessageCodec<UUID> UUIDS = MessageCodec.json(IdCodec.uuids());
  private static final UUID SOMEONE = UUID.fromString("00000000-0000-0000-0000-000000000007");

  @Provide
  Arbitrary<String> frames() {
    return FuzzFrames.frames();
  }

  @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
  void everyFrameIsAMessageOrARefusalThatNamesTheProblem(@ForAll("frames") String frame) {
    decodeOrRefusal(LONGS, frame, 7L);
    decodeOrRefusal(STRINGS, frame, "7");
    decodeOrRefusal(UUIDS, frame.replace("\"sender\":1", "\"sender\":\"" + SOMEONE + "\""), SOMEONE);
  }

  @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
  void aMessageIsForwardedWithTheConnectionsIdAsItsOneSenderAndTheRestAsWritten(@ForAll("frames") String frame) {
    Message<Long> message = decodeOrRefusal(LONGS, frame, 1L);
    Assume.that(message != null);

    assertThat(message.sender()).isEqualTo(1L);
    String forwarded = message.frame();
    assertThat(JsonFields.value(forwarded, "sender")).as("the sender of %s", forwarded).isEqualTo("1");
    assertThat(withoutSender(forwarded)).as("all but the sender, as the client wrote it")
        .isEqualTo(withoutSender(frame));
    if ("1".equals(JsonFields.value(frame, "sender"))) {
      assertThat(forwarded).as("a frame whose sender is right goes out as the same string").isSameAs(frame);
    }
    Message<Long> again = LONGS.decode(forwarded, 1L);
    assertThat(again.frame()).isSameAs(forwarded);
    assertThat(List.of(again.type(), String.valueOf(again.receiver()), String.valueOf(again.room()),
        String.valueOf(again.content())))
        .isEqualTo(List.of(message.type(), String.valueOf(message.receiver()), String.valueOf(message.room()),
            String.valueOf(message.content())));
  }

  @Property(tries = 1000)
  void whatTheServerWritesReadsBackAsItWasMeant(@ForAll("serverMessages") Message<Long> message) {
    String frame = LONGS.encode(message);

    JsonFields.of(frame); // one JSON object
    Message<Long> read = LONGS.decode(frame, 0L);
    assertThat(read.type()).isEqualTo(message.type());
    assertThat(read.receiver()).isEqualTo(message.receiver());
    assertThat(read.room()).isEqualTo(message.room());
    assertThat(read.content()).isEqualTo(message.content());
    assertThat(read.frame()).as("the system's own frame, sender already right").isSameAs(frame);
  }

  @Provide
  Arbitrary<Message<Long>> serverMessages() {
    Arbitrary<String> text = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(30),
        Arbitraries.of("\u2028", "\ud800", "\udc00\ud800", "\"\\/", "\u0000\u001f\u007f"));
    return net.jqwik.api.Combinators.combine(
        Arbitraries.integers().between(0, 1000),
        Arbitraries.longs().between(1, Long.MAX_VALUE).injectNull(0.2),
        text.injectNull(0.5),
        text.injectNull(0.2),
        Arbitraries.longs().between(1, Long.MAX_VALUE).list().ofMaxSize(3).injectNull(0.7))
        .as((type, receiver, room, content, members) ->
            new Message<>(type, 0L, receiver, room, content, members, null));
  }

  /** The decoded message, or null when the codec refused the frame the only way it may. */
  private static <Id> Message<Id> decodeOrRefusal(MessageCodec<Id> codec, String frame, Id from) {
    try {
      return codec.decode(frame, from);
    } catch (InvalidFrameException refused) {
      assertThat(refused.getMessage()).as("the words of the error reply").isNotBlank()
          .hasSizeLessThan(400); // names the problem without echoing the frame whole
      return null;
    } catch (RuntimeException e) {
      return fail("decoding %s threw %s instead of refusing it", frame, e);
    }
  }

  private static List<JsonFields.Field> withoutSender(String frame) {
    List<JsonFields.Field> fields = new ArrayList<>(JsonFields.of(frame));
    fields.removeIf(field -> field.name().equals("sender"));
    return fields;
  }
}
