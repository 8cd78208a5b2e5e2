package io.wshub.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Protocol v1 JSON: what is read, what is forwarded, and what is refused with which words. */
class JsonMessageCodecTest {

  private final MessageCodec<Long> longs = MessageCodec.json(IdCodec.longs());
  private final MessageCodec<String> strings = MessageCodec.json(IdCodec.strings());

  @Test
  void readsTheFourFieldsAndStampsTheConnectionsIdAsSender() {
    Message<Long> message = longs.decode("{\"type\":1,\"sender\":9,\"receiver\":2,\"content\":\"hi\"}", 1L);

    assertThat(message.type()).isEqualTo(MessageType.SEND);
    assertThat(message.sender()).isEqualTo(1L);
    assertThat(message.receiver()).isEqualTo(2L);
    assertThat(message.content()).isEqualTo("hi");
  }

  @Test
  void readsTheRoomAndWritesRoomAndMembersInTheProtocolsOrder() {
    Message<Long> message = longs.decode("{\"type\":7,\"room\":\"lobby\",\"content\":\"hi\"}", 1L);
    assertThat(message.room()).isEqualTo("lobby");
    assertThat(message.members()).isNull();
    assertThat(longs.decode("{\"type\":1,\"receiver\":2}", 1L).room()).isNull();

    assertThat(longs.encode(new Message<>(MessageType.SYSTEM, 0L, 1L, "lobby", "members", List.of(2L, 10L), null)))
        .isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":1,\"room\":\"lobby\",\"content\":\"members\","
            + "\"members\":[2,10]}");
    assertThat(strings.encode(new Message<>(MessageType.SYSTEM, "0", "a", "r", "members", List.of(), null)))
        .isEqualTo("{\"type\":2,\"sender\":\"0\",\"receiver\":\"a\",\"room\":\"r\",\"content\":\"members\","
            + "\"members\":[]}");
  }

  @Test
  void aRoomGivenTwiceOrNotAsAStringIsRefused() {
    assertThatThrownBy(() -> longs.decode("{\"type\":5,\"room\":\"a\",\"room\":\"b\"}", 1L))
        .hasMessage("duplicate field \"room\"");
    assertThatThrownBy(() -> longs.decode("{\"type\":5,\"room\":[\"a\"]}", 1L))
        .hasMessage("field \"room\" must be a string");
  }

  @Test
  void aFrameWhoseSenderIsAlreadyRightIsForwardedAsTheSameString() {
    String frame = "{ \"type\" : 1, \"sender\" : 1, \"receiver\" : 2, \"content\" : \"hi\" }";

    assertThat(longs.decode(frame, 1L).frame()).isSameAs(frame);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"type\":1,\"sender\":99,\"receiver\":2}          | {\"type\":1,\"sender\":7,\"receiver\":2}",
      "{\"type\":1, \"sender\" :  99 ,\"receiver\":2}     | {\"type\":1, \"sender\" :  7 ,\"receiver\":2}",
      "{\"type\":1,\"sender\":null,\"receiver\":2}        | {\"type\":1,\"sender\":7,\"receiver\":2}",
      "{\"type\":1,\"receiver\":2,\"sender\":0}           | {\"type\":1,\"receiver\":2,\"sender\":7}",
      "{\"type\":1,\"receiver\":2}                        | {\"sender\":7,\"type\":1,\"receiver\":2}",
      "'  {\"type\":1}'                                   | '  {\"sender\":7,\"type\":1}'",
  })
  void aWrongOrMissingSenderIsReplacedInPlaceKeepingEverythingElse(String frame, String forwarded) {
    assertThat(longs.decode(frame, 7L).frame()).isEqualTo(forwarded);
  }

  @Test
  void stringSendersWithEscapesAreReplacedWhole() {
    Message<String> message = strings.decode(
        "{\"type\":3,\"sender\":\"mal\\u006Cory\",\"content\":\"x\",\"extra\":[{\"sender\":\"deep\"}]}", "alice");

    assertThat(message.frame())
        .isEqualTo("{\"type\":3,\"sender\":\"alice\",\"content\":\"x\",\"extra\":[{\"sender\":\"deep\"}]}");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                                         | not valid JSON: the frame is empty",
      "hello                                      | not valid JSON",
      "{\"type\":1                                | not valid JSON",
      "42                                         | a message is a JSON object",
      "[{\"type\":1}]                             | a message is a JSON object",
      "{\"type\":1} {\"type\":3}                  | unexpected content after the JSON object",
      "{\"receiver\":2}                           | missing field \"type\"",
      "{\"type\":1.5}                             | field \"type\" must be an integer",
      "{\"type\":99999999999}                     | field \"type\" is out of range",
      "{\"type\":1,\"receiver\":\"2\"}            | field \"receiver\" must be an integer id",
      "{\"type\":1,\"receiver\":-2}               | field \"receiver\": invalid id '-2'",
      "{\"type\":1,\"receiver\":9223372036854775808} | field \"receiver\": invalid id",
      "{\"type\":1,\"sender\":true}               | field \"sender\" must be an integer id",
      "{\"type\":1,\"content\":{\"text\":\"hi\"}} | field \"content\" must be a string",
      "{\"type\":1,\"sender\":1,\"sender\":2}     | duplicate field \"sender\"",
      "{\"type\":1,\"receiver\":2,\"receiver\":3} | duplicate field \"receiver\"",
  })
  void framesThatAreNotMessagesAreRefusedNamingTheProblem(String frame, String problem) {
    assertThatThrownBy(() -> longs.decode(frame, 1L))
        .isInstanceOf(InvalidFrameException.class)
        .hasMessageStartingWith(problem);
  }

  @Test
  void encodesServerMessagesInTheSeedsFieldOrderWithEscaping() {
    assertThat(longs.encode(Message.of(MessageType.SYSTEM, 0L, 2L, "success send")))
        .isEqualTo("{\"type\":2,\"sender\":0,\"receiver\":2,\"content\":\"success send\"}");
    assertThat(strings.encode(Message.of(5, "a\"b", null, "line\nbreak \u2028")))
        .isEqualTo("{\"type\":5,\"sender\":\"a\\\"b\",\"content\":\"line\\nbreak \u2028\"}");
  }

  @Test
  void idCodecsAcceptOnlyWellFormedIds() {
    assertThat(IdCodec.longs().parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(IdCodec.longs().parse("0")).isEqualTo(IdCodec.longs().system());
    for (String bad : new String[] {"", "+1", "-1", "1e3", " 1", "9223372036854775808", "abc", "01", "007"}) {
      assertThatThrownBy(() -> IdCodec.longs().parse(bad))
          .hasMessageContaining("ids are decimal integers from 1 to 9223372036854775807");
    }
    assertThat(IdCodec.strings().parse("alice.b-1_~")).isEqualTo("alice.b-1_~");
    for (String bad : new String[] {"", "a b", "a/b", "é", "x".repeat(65)}) {
      assertThatThrownBy(() -> IdCodec.strings().parse(bad)).hasMessageContaining("ids are 1 to 64 characters");
    }
    assertThatThrownBy(() -> IdCodec.uuids().parse("1-1-1-1-1")).hasMessageContaining("ids are UUIDs");
    assertThatThrownBy(() -> IdCodec.longs().parse("1".repeat(1000)))
        .as("a hostile id is not echoed whole")
        .hasMessageStartingWith("invalid id '" + "1".repeat(40) + "...'");
  }
}
