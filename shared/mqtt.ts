import type { IClientOptions, IClientPublishOptions, MqttClient } from 'mqtt';

/**
 * How a component gets an MQTT client. The composition roots pass `mqtt.connect`; nothing below
 * them imports the `mqtt` package itself (STYLE.md "Compose once, at the edge").
 */
export type MqttConnect = (url: string, options: IClientOptions) => MqttClient;

export type { IClientOptions, IClientPublishOptions, MqttClient };
