package io.wshub.spring;

import io.wshub.core.IdCodec;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * Checks, at the start, that the application's beans that meet the hub's ids (its listeners,
 * backplane and authenticator) are declared for the hub's id type. The hub takes them whatever
 * their type argument; one for other ids would fail with a ClassCastException at its first event,
 * far from its cause.
 *
 * <p>Why not let Spring's generic matching pick them ({@code ObjectProvider<HubListener<String>>})?
 * It would drop a bean that leaves its id type open ({@code HubListener<?>}, as the metrics'
 * listener is, a raw type, a type variable) as soon as one bean matches exactly, and would ignore a
 * {@code Backplane<Long>} under a {@code Hub<String>} without a word, leaving the hub out of its
 * cluster. So every bean is taken, and a bean whose declaration names other ids fails here.
 */
final class IdTypeCheck {

  private IdTypeCheck() {}

  /**
   * The id type of a codec, as its class declares it.
   *
   * @return the type, such as {@code String} for {@link IdCodec#strings()}, or null if the class
   *     does not say (a lambda)
   */
  static Class<?> idType(IdCodec<?> ids) {
    return ResolvableType.forClass(ids.getClass()).as(IdCodec.class).resolveGeneric(0);
  }

  /**
   * Fails if a bean of {@code beanType} is declared for ids that are not the hub's. A bean whose
   * declaration leaves its id type open passes, as does one for a supertype of the hub's ids
   * ({@code HubListener<Object>}).
   *
   * @param beans the application's beans
   * @param beanType a type with the id type as its only type parameter, such as {@code HubListener}
   * @param hubIds the hub's id type, or null if unknown (then nothing is checked)
   * @throws IllegalStateException naming the bean, its id type and the hub's
   */
  static void requireHubIds(ConfigurableListableBeanFactory beans, Class<?> beanType, Class<?> hubIds) {
    if (hubIds == null) {
      return;
    }
    for (String name : beans.getBeanNamesForType(beanType)) {
      Class<?> beanIds = declaredType(beans, name).as(beanType).resolveGeneric(0);
      if (beanIds != null && !beanIds.isAssignableFrom(hubIds)) {
        String simple = beanType.getSimpleName();
        throw new IllegalStateException("The bean '" + name + "', " + simple + "<" + beanIds.getSimpleName()
            + ">, does not fit the hub, whose ids are " + hubIds.getSimpleName() + ": declare it " + simple + "<"
            + hubIds.getSimpleName() + ">, or give the hub its ids (wshub.ids: long, string or uuid)");
      }
    }
  }

  /**
   * A bean as what the hub takes, once {@link #requireHubIds} has passed its type: for the hub's
   * ids, a supertype of them, or open.
   */
  @SuppressWarnings("unchecked")
  static <T> T checked(Object bean) {
    return (T) bean;
  }

  /** The type a bean is declared as: its factory method's return type, else its class. */
  private static ResolvableType declaredType(ConfigurableListableBeanFactory beans, String name) {
    if (beans.containsBeanDefinition(name)) {
      ResolvableType declared = beans.getMergedBeanDefinition(name).getResolvableType();
      if (declared.resolve() != null) {
        return declared;
      }
    }
    Class<?> type = beans.getType(name); // a singleton registered as an object, or a definition that does not say
    return type == null ? ResolvableType.NONE : ResolvableType.forClass(type);
  }
}
