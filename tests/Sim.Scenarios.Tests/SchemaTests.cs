using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using Sim.Core.Finance;
using Sim.Scenarios.Distributions;
using Sim.Scenarios.Model;
using Sim.Scenarios.Yaml;
using Sim.Tests.Infrastructure;

namespace Sim.Scenarios.Tests;

/// <summary>
/// <c>scenarios/schema.json</c>, the JSON Schema editors use, held to the readers that are the authority: every shipped
/// scenario passes it, files the readers refuse are refused by it too, and its key lists are the readers' own. The
/// schema is checked with NJsonSchema, which enforces type, enum, range, pattern, required, additionalProperties,
/// patternProperties, items, anyOf/oneOf/allOf/not; the schema uses nothing else (no if/then, const or propertyNames
/// on their own), so everything it says is tested here.
/// </summary>
public class SchemaTests
{
    private const string NamePattern = "^[A-Za-z0-9_-]{1,64}$";

    private static readonly string SchemaPath = RepositoryRoot.Combine("scenarios", "schema.json");

    private static readonly Lazy<JObject> Raw = new(() => JObject.Parse(File.ReadAllText(SchemaPath)));

    private static readonly Lazy<Task<JsonSchema>> Loaded = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(SchemaPath)));

    /// <summary>A small scenario that uses every section and each kind of actor, trigger and action sparingly; the
    /// refusal cases below each break it in one place.</summary>
    private const string Base = """
        meta:
          name: schema-base
          description: The schema tests' base scenario
          tags: [test, highway]
          seed: 11
          duration: 20
          dt: 0.05
        world:
          road:
            type: highway
            lanes: 3
            length: 1000
            on_ramp:
              merge_start: 400
          traffic:
            vehicles_per_km_per_lane: uniform(2, 6)
            mix:
              car: 1
              truck: 0.2
          props:
            barrier_1:
              class: barrier
              lane: verge
              s: 400
        actors:
          ego:
            class: car
            lane: 1
            s: 100
            speed_kmh: 90
          lead:
            lane: 1
            s: uniform(150, 200)
            speed_kmh: 80
            behaviour: keep_lane
          walker:
            class: pedestrian
            lane: verge
            s: 500
          doe:
            class: deer
            s: 600
            from: far_verge
          late:
            class: van
            lane: 0
            s: 50
            spawn: on_event
        events:
          brake:
            when:
              time: uniform(2, 5)
            do:
              - action: brake_hard
                actor: lead
                deceleration: 6
          close:
            when:
              distance: [ego, lead]
              below: 10
            do:
              - action: weather
                over: 5
                fog_visibility: 200
          deer_goes:
            when:
              reaches: ego
              s: 450
            do:
              - action: cross
                actor: doe
          later:
            when:
              after: close
              delay: 1
            do:
              - action: spawn
                actor: late
              - action: jaywalk
                actor: walker
        weather:
          latitude: 50
          keyframes:
            - time: 0
              rain: 0.2
              time_of_day: 12
        sensors:
          rate: 20
          camera:
            width: 640
            height: 480
            fov: 100
            mount:
              z: 1.5
              pitch: uniform(-2, 2)
          lidar:
            channels: 32
            lower: -30
            upper: 10
            columns: 1024
        finance:
          customers: 500
          merchants: 40
          days: 14
          start: 2026-03-02
          currency: GBP
          fraud_rate: uniform(0.001, 0.002)
          laundering_rate: 0.0005
          behaviour:
            purchases_per_day: 1.5
            pay_day: 28
          categories:
            - name: grocery
              share: 0.4
            - name: pets
              share: 0.1
              median_amount: 25
              amount_sigma: 0.6
              online_share: 0.3
              weekday: [1, 1, 1, 1, 1.5, 2, 1]
          typologies:
            - type: card_testing
              days: [2, 10]
              tests: 20
            - type: fan_out
              weight: 2
              degree: 8
              amount: 50000
          observation:
            report_share: 0.7
        output:
          anything: goes
        variations:
          count: 5
          seed: 3

        """;

    public static TheoryData<string> ShippedFiles => new(Directory.GetFiles(RepositoryRoot.Combine("scenarios"), "*.yaml").Select(Path.GetFileName)!);

    /// <summary>Edits of <see cref="Base"/> (find → replace) that the readers refuse; the schema must refuse them too.</summary>
    public static TheoryData<string, string, string> Refused => new()
    {
        { "unknown top-level key", "variations:\n", "extras:\n  a: 1\nvariations:\n" },
        { "unknown actor key", "    speed_kmh: 90\n", "    speed_kmh: 90\n    speed: 25\n" },
        { "text for meta.duration", "  duration: 20\n", "  duration: twenty\n" },
        { "quoted number for meta.duration", "  duration: 20\n", "  duration: \"20\"\n" },
        { "distribution for the fixed meta.duration", "  duration: 20\n", "  duration: uniform(10, 20)\n" },
        { "meta.duration out of range", "  duration: 20\n", "  duration: 100000\n" },
        { "missing meta.name", "  name: schema-base\n", string.Empty },
        { "meta.name with a space", "  name: schema-base\n", "  name: schema base\n" },
        { "bad road type", "    type: highway\n", "    type: motorway\n" },
        { "another road type's key", "    length: 1000\n", "    length: 1000\n    radius: 200\n" },
        { "too many lanes for a highway", "    lanes: 3\n", "    lanes: 7\n" },
        { "fractional lane count", "    lanes: 3\n", "    lanes: 2.5\n" },
        { "distribution for the fixed lane count", "    lanes: 3\n", "    lanes: uniform(2, 3)\n" },
        { "unknown on_ramp key", "      merge_start: 400\n", "      merge_start: 400\n      merge_end: 600\n" },
        { "unknown prop class", "      class: barrier\n", "      class: rock\n" },
        { "prop without s", "      lane: verge\n      s: 400\n", "      lane: verge\n" },
        { "unknown traffic key", "    vehicles_per_km_per_lane: uniform(2, 6)\n", "    vehicles_per_km_per_lane: uniform(2, 6)\n    trucks: 3\n" },
        { "traffic density out of range", "uniform(2, 6)", "200" },
        { "pedestrians in the vehicle mix", "      truck: 0.2\n", "      pedestrian: 0.2\n" },
        { "action with a key it does not take", "        deceleration: 6\n", "        deceleration: 6\n        side: left\n" },
        { "unknown action", "      - action: cross\n", "      - action: leap\n" },
        { "set_speed without speed_kmh", "      - action: brake_hard\n        actor: lead\n        deceleration: 6\n", "      - action: set_speed\n        actor: lead\n" },
        { "action without its actor", "      - action: cross\n        actor: doe\n", "      - action: cross\n" },
        { "weather action that changes nothing", "        fog_visibility: 200\n", string.Empty },
        { "weather action with an actor", "        over: 5\n", "        actor: ego\n        over: 5\n" },
        { "pedestrian key on a vehicle", "    speed_kmh: 90\n", "    speed_kmh: 90\n    walk: along\n" },
        { "vehicle key on a pedestrian", "    lane: verge\n    s: 500\n", "    lane: verge\n    s: 500\n    behaviour: drive\n" },
        { "walking pedestrian off the sidewalk", "    lane: verge\n    s: 500\n", "    lane: verge\n    s: 500\n    walk: along\n" },
        { "actors without a world", "world:\n  road:\n    type: highway\n    lanes: 3\n    length: 1000\n    on_ramp:\n      merge_start: 400\n  traffic:\n    vehicles_per_km_per_lane: uniform(2, 6)\n    mix:\n      car: 1\n      truck: 0.2\n  props:\n    barrier_1:\n      class: barrier\n      lane: verge\n      s: 400\n", string.Empty },
        { "lane on a deer", "    from: far_verge\n", "    from: far_verge\n    lane: 0\n" },
        { "vehicle on the verge", "    lane: 1\n    s: 100\n", "    lane: verge\n    s: 100\n" },
        { "vehicle without s", "    lane: 1\n    s: 100\n", "    lane: 1\n" },
        { "unknown actor class", "    class: deer\n", "    class: moose\n" },
        { "invalid actor name", "  walker:\n", "  walker!:\n" },
        { "boolean for a speed", "    speed_kmh: 90\n", "    speed_kmh: true\n" },
        { "unknown function for a speed", "    speed_kmh: 90\n", "    speed_kmh: fast(90)\n" },
        { "two triggers", "      time: uniform(2, 5)\n", "      time: uniform(2, 5)\n      speed: ego\n      below: 5\n" },
        { "below and above", "      below: 10\n", "      below: 10\n      above: 20\n" },
        { "neither below nor above", "      below: 10\n", string.Empty },
        { "distance with one actor", "      distance: [ego, lead]\n", "      distance: [ego]\n" },
        { "distance from an actor to itself", "      distance: [ego, lead]\n", "      distance: [ego, ego]\n" },
        { "reaches with a threshold", "      s: 450\n", "      s: 450\n      below: 3\n" },
        { "time trigger with s", "      time: uniform(2, 5)\n", "      time: uniform(2, 5)\n      s: 4\n" },
        { "unknown event key", "      delay: 1\n", "      delay: 1\n    then: brake\n" },
        { "invalid event name", "  deer_goes:\n", "  deer goes:\n" },
        { "rain out of range", "      rain: 0.2\n", "      rain: 1.5\n" },
        { "time_of_day and sun_altitude", "      time_of_day: 12\n", "      time_of_day: 12\n      sun_altitude: 30\n" },
        { "keyframe without time", "    - time: 0\n      rain: 0.2\n", "    - rain: 0.2\n" },
        { "weather without keyframes", "  keyframes:\n    - time: 0\n      rain: 0.2\n      time_of_day: 12\n", string.Empty },
        { "distribution for the fixed latitude", "  latitude: 50\n", "  latitude: uniform(40, 60)\n" },
        { "reserved section that is not a mapping", "  anything: goes\n", "  - camera\n" },
        { "unknown sensors key", "  rate: 20\n", "  rate: 20\n  radar: {}\n" },
        { "distribution for the fixed rate", "  rate: 20\n", "  rate: uniform(10, 20)\n" },
        { "rate out of range", "  rate: 20\n", "  rate: 200\n" },
        { "unknown camera key", "    fov: 100\n", "    fov: 100\n    zoom: 2\n" },
        { "fractional image width", "    width: 640\n", "    width: 640.5\n" },
        { "distribution for the fixed image width", "    width: 640\n", "    width: choice([640, 1280])\n" },
        { "image side over the limit", "    width: 640\n", "    width: 20000\n" },
        { "fov out of range", "    fov: 100\n", "    fov: 180\n" },
        { "fov and fx together", "    fov: 100\n", "    fov: 100\n    fx: 500\n" },
        { "fy without fx", "    fov: 100\n", "    fy: 500\n" },
        { "near out of range", "    fov: 100\n", "    fov: 100\n    near: 0\n" },
        { "camera mount with roll", "      z: 1.5\n", "      z: 1.5\n      roll: 3\n" },
        { "camera mount below the ground", "      z: 1.5\n", "      z: -1\n" },
        { "LiDAR mount with pitch", "    columns: 1024\n", "    columns: 1024\n    mount: {pitch: 2}\n" },
        { "too many channels", "    channels: 32\n", "    channels: 2048\n" },
        { "elevations with channels", "    channels: 32\n", "    channels: 32\n    elevations: [0, 1]\n" },
        { "elevation out of range", "    channels: 32\n    lower: -30\n    upper: 10\n", "    elevations: [0, 95]\n" },
        { "no elevations", "    channels: 32\n    lower: -30\n    upper: 10\n", "    elevations: []\n" },
        { "too many columns", "    columns: 1024\n", "    columns: 100000\n" },
        { "dropout out of range", "    columns: 1024\n", "    columns: 1024\n    dropout: 2\n" },
        { "zero variations", "  count: 5\n", "  count: 0\n" },
        { "unknown finance key", "  customers: 500\n", "  customers: 500\n  clients: 3\n" },
        { "fractional customers", "  customers: 500\n", "  customers: 500.5\n" },
        { "distribution for the fixed customers", "  customers: 500\n", "  customers: uniform(100, 200)\n" },
        { "too many days", "  days: 14\n", "  days: 4000\n" },
        { "start that is not a date", "  start: 2026-03-02\n", "  start: next monday\n" },
        { "lowercase currency", "  currency: GBP\n", "  currency: gbp\n" },
        { "fraud_rate out of range", "  fraud_rate: uniform(0.001, 0.002)\n", "  fraud_rate: 0.5\n" },
        { "text for laundering_rate", "  laundering_rate: 0.0005\n", "  laundering_rate: high\n" },
        { "unknown behaviour key", "    pay_day: 28\n", "    pay_day: 28\n    salary_day: 3\n" },
        { "pay_day out of range", "    pay_day: 28\n", "    pay_day: 31\n" },
        { "distribution for the fixed pay_day", "    pay_day: 28\n", "    pay_day: choice([1, 15])\n" },
        { "unknown category key", "      online_share: 0.3\n", "      online_share: 0.3\n      colour: red\n" },
        { "category name not in snake case", "    - name: pets\n", "    - name: Pets\n" },
        { "category without a name", "    - name: pets\n      share: 0.1\n", "    - share: 0.1\n" },
        { "category share of 0", "      share: 0.1\n", "      share: 0\n" },
        { "online_share out of range", "      online_share: 0.3\n", "      online_share: 3\n" },
        { "weekday profile of three", "      weekday: [1, 1, 1, 1, 1.5, 2, 1]\n", "      weekday: [1, 1, 1]\n" },
        { "negative weekday weight", "      weekday: [1, 1, 1, 1, 1.5, 2, 1]\n", "      weekday: [1, 1, 1, 1, -1.5, 2, 1]\n" },
        { "unknown typology", "    - type: fan_out\n", "    - type: fan_outt\n" },
        { "typology without a type", "    - type: card_testing\n      days: [2, 10]\n", "    - days: [2, 10]\n" },
        { "parameter of another typology", "      degree: 8\n", "      degree: 8\n      mules: 3\n" },
        { "typology parameter out of range", "      degree: 8\n", "      degree: 500\n" },
        { "fractional whole typology parameter", "      degree: 8\n", "      degree: 8.5\n" },
        { "distribution for a whole typology parameter", "      degree: 8\n", "      degree: uniform(2, 9)\n" },
        { "real typology parameter out of range", "      amount: 50000\n", "      amount: 50\n" },
        { "typology weight of 0", "      weight: 2\n", "      weight: 0\n" },
        { "typology days of three", "      days: [2, 10]\n", "      days: [2, 5, 10]\n" },
        { "fractional typology day", "      days: [2, 10]\n", "      days: [2, 9.5]\n" },
        { "unknown observation key", "    report_share: 0.7\n", "    report_share: 0.7\n    alerts: 3\n" },
        { "report_share out of range", "    report_share: 0.7\n", "    report_share: 1.5\n" },
        { "fractional variations seed", "  seed: 3\n", "  seed: 3.5\n" },
    };

    /// <summary>Files the readers accept that exercise shapes the shipped scenarios do not.</summary>
    public static TheoryData<string, string> Accepted => new()
    {
        { "the base", Base },
        { "only meta", "meta:\n  name: '007'\n  duration: 1\n" },
        { "only finance, all defaults", "meta: {name: ledger}\nfinance: {}\n" },
        {
            "only finance, swept",
            """
            meta: {name: ledger, seed: 4, tags: [fraud]}
            finance:
              customers: 2000
              start: '2025-12-01'
              fraud_rate: range(0.001, 0.003, 0.001)
              laundering_rate: 0
              behaviour: {income_sigma: 0, overdraft_share: 0}
              categories:
                - {name: fuel, hourly: [0, 0, 0, 0, 0, 1, 2, 3, 3, 2, 2, 2, 2, 2, 2, 2, 3, 3, 2, 1, 1, 0, 0, 0], monthly: [1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1]}
              typologies:
                - {type: account_takeover, mules: 2, cash_out_delay_hours: 12}
                - type: stolen_card_spree
                  amount_factor: uniform(2, 6)
                  days: [7, 7]
            variations: {count: 3}
            """
        },
        {
            "ring with a stalled car",
            """
            meta: {name: ring, duration: 10}
            world:
              road: {type: ring, lanes: 2, circumference: 300, straight_length: 50}
            actors:
              a: {class: bus, lane: 1, s: 10, behaviour: stopped, lane_offset: 0.3, time_headway: 2}
              b:
                lane: 0
                s: 20
                desired_speed_kmh: normal(50, 2)
            events:
              go:
                when: {headway: [b, a], above: 3}
                do:
                  - {action: lane_offset, actor: b, offset: -0.5}
                  - {action: despawn, actor: a}
            """
        },
        {
            "intersection with arms",
            """
            meta: {name: junction, duration: 30}
            world:
              road: {type: intersection, lanes: 2, yellow: 4, all_red: 1, sidewalk_width: 3}
              props:
                kiosk: {class: building, lane: far_sidewalk, arm: east, s: 30, t: 2, heading: 90, length: 3, width: 2, height: 3}
            actors:
              car1: {arm: west, lane: 1, s: 40, route: right, speed_kmh: 30}
              kid: {class: pedestrian, arm: north, lane: sidewalk, s: 20, facing: along, walk: against, walk_speed: 1.1}
            events:
              near:
                when: {ttc: [car1, kid], below: 4, delay: 0.5}
                do:
                  - {action: run_out, actor: kid, speed: 5, acceleration: 3}
                  - {action: stop, actor: car1}
              slow:
                when: {speed: car1, below: 10}
              on:
                when: {after: slow, reaches: car1, s: 80, arm: west}
                do:
                  - {action: resume, actor: car1}
            """
        },
        {
            "curve with a deer that starts by itself",
            """
            meta: {name: curve, duration: 30, seed: 0}
            world:
              road:
                type: curve
                lanes: 1
                two_way: false
                direction: left
                angle: range(30, 90, 30)
            actors:
              stag: {class: deer, s: 120, start_time: 3, speed_kmh: 40, hesitation_rate: 0}
              ego:
                lane: 0
                s: 5
                speed_kmh: choice([60, 80])
            weather:
              keyframes:
                - {time: 0, sun_altitude: 5, sun_azimuth: 270, wind_speed: 3, wind_direction: 90, snow: 0.5, cloudiness: 1, wetness: 0.2}
            events:
              brake:
                when: {distance: [ego, stag], below: 40}
                do:
                  - {action: brake_hard, actor: ego}
                  - {action: change_lane, actor: ego, side: left}
                  - {action: release_brake, actor: ego}
            finance: {}
            output: {format: parquet}
            sensors:
              rate: 5
              camera:
                width: 800
                height: 600
                fx: 500
                fy: normal(500, 2)
                cx: 400
                cy: 300
                near: 0.2
                far: 500
                mount: {x: 1, y: 0.2, z: 1.4, yaw: -10, pitch: 3}
              lidar:
                elevations:
                  - -15
                  - uniform(-1, 1)
                  - 15
                columns: 360
                min_range: 1
                max_range: 80
                noise: 0
                dropout: 0.1
                mount: {x: 0, y: 0, z: 2, yaw: 180}
            """
        },
        {
            "urban block with a cut-in and a weather ramp",
            """
            meta: {name: block, duration: 40}
            world:
              road: {type: urban_block, lanes: 2, parking_width: 2, corner_radius: 15, crosswalks_per_side: 0, width: 80}
              traffic: {speed_kmh: 30, pedestrians_per_100m: 2, mix: {bicycle: 1, bus: 0.1, motorcycle: 0.2, van: 0.3}}
            actors:
              a: {class: motorcycle, lane: 0, s: 10}
              b: {class: bicycle, lane: 1, s: 30, speed_kmh: 15, spawn: start}
              p: {class: pedestrian, lane: far_sidewalk, s: 50, t: 0.5, walk: along}
              q: {class: pedestrian, s: 80, walk: against, facing: away}
            events:
              cut:
                when: {distance: [a, b], below: 5}
                do:
                  - {action: cut_in, actor: a, side: right}
                  - {action: set_speed, actor: b, speed_kmh: 10}
                  - {action: weather, rain: 1, snow: 0, cloudiness: 1, wetness: 1, wind_speed: 10}
            """
        },
    };

    [Fact]
    public async Task The_schema_is_draft_07_json_and_loads_in_NJsonSchema()
    {
        JObject raw = Raw.Value; // throws on malformed JSON
        Assert.Equal("http://json-schema.org/draft-07/schema#", (string?)raw["$schema"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)raw["$id"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)raw["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)raw["description"]));

        JsonSchema schema = await Loaded.Value;
        Assert.Equal(((JObject)raw["definitions"]!).Count, schema.Definitions.Count);
        Assert.Equal(ScenarioSections.Names.Order(StringComparer.Ordinal), schema.Properties.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_schema_uses_only_keywords_NJsonSchema_enforces_and_every_reference_resolves()
    {
        // Keywords NJsonSchema validates, plus annotations (and propertyNames, below). if/then/else, const, contains and
        // dependencies would be silently ignored by it, so the tests below could not hold them.
        string[] keywords =
        [
            "$schema", "$id", "title", "description", "default", "definitions", "$ref", "type", "enum", "minimum", "maximum",
            "pattern", "properties", "patternProperties", "additionalProperties", "required", "minProperties", "maxProperties", "propertyNames",
            "items", "minItems", "maxItems", "uniqueItems", "anyOf", "oneOf", "allOf", "not", "exclusiveMinimum",
        ];
        JObject definitions = (JObject)Raw.Value["definitions"]!;
        var used = new HashSet<string>(StringComparer.Ordinal);
        Walk(Raw.Value, "#");
        Assert.Equal(definitions.Properties().Select(p => p.Name).Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal)); // none unused

        void Walk(JObject schema, string at)
        {
            foreach (JProperty p in schema.Properties())
            {
                Assert.True(keywords.Contains(p.Name), $"{at}: '{p.Name}' is not a keyword NJsonSchema enforces");
                switch (p.Name)
                {
                    case "$ref":
                        string definition = ((string)p.Value!).Replace("#/definitions/", string.Empty, StringComparison.Ordinal);
                        Assert.True(definitions[definition] is JObject, $"{at}: {p.Value} does not resolve");
                        _ = used.Add(definition);
                        break;
                    case "properties" or "patternProperties" or "definitions":
                        foreach (JProperty named in ((JObject)p.Value).Properties())
                        {
                            Walk((JObject)named.Value, $"{at}/{p.Name}/{named.Name}");
                        }

                        break;
                    case "items" or "not" or "additionalProperties" when p.Value is JObject sub:
                        Walk(sub, $"{at}/{p.Name}");
                        break;
                    case "anyOf" or "oneOf" or "allOf":
                        int i = 0;
                        foreach (JToken branch in (JArray)p.Value)
                        {
                            Walk((JObject)branch, $"{at}/{p.Name}/{i++}");
                        }

                        break;
                    case "propertyNames":
                        // For editors only (NJsonSchema ignores it): it must say what patternProperties enforces.
                        Assert.Equal(NamePattern, (string?)p.Value["pattern"]);
                        Assert.Equal([NamePattern], ((JObject)schema["patternProperties"]!).Properties().Select(x => x.Name));
                        Assert.False((bool)schema["additionalProperties"]!, $"{at}: names are enforced only with additionalProperties: false");
                        break;
                    case "minProperties" or "maxProperties" or "minItems" or "maxItems":
                        Assert.True((int)p.Value > 0, $"{at}: NJsonSchema ignores {p.Name}: 0"); // it reads 0 as "not set"
                        break;
                    case "pattern":
                        _ = new Regex((string)p.Value!, RegexOptions.None, TimeSpan.FromSeconds(1)); // compiles
                        break;
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public async Task Every_shipped_scenario_passes_the_schema(string file)
    {
        string path = RepositoryRoot.Combine("scenarios", file);
        var diagnostics = new List<ScenarioDiagnostic>();
        Assert.True(ScenarioSpec.Load(path, diagnostics) is not null, string.Join("\n", diagnostics)); // the reader accepts it
        YamlMapping? root = ScenarioYamlReader.ReadFile(path, diagnostics);
        Assert.NotNull(root);
        ICollection<ValidationError> errors = (await Loaded.Value).Validate(ToJson(root));
        Assert.True(errors.Count == 0, $"{file}:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Files_the_readers_accept_pass_the_schema(string what, string yaml)
    {
        (YamlMapping root, ScenarioSpec? spec, List<ScenarioDiagnostic> diagnostics) = Read(yaml);
        Assert.True(spec is not null, $"{what}: the readers refuse it:\n{string.Join("\n", diagnostics)}");
        ICollection<ValidationError> errors = (await Loaded.Value).Validate(ToJson(root));
        Assert.True(errors.Count == 0, $"{what}:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Files_the_readers_refuse_the_schema_refuses(string what, string find, string replace)
    {
        Assert.True(Base.Split(find).Length == 2, $"{what}: '{find}' must occur exactly once in the base");
        (YamlMapping root, ScenarioSpec? spec, List<ScenarioDiagnostic> diagnostics) = Read(Base.Replace(find, replace, StringComparison.Ordinal));
        Assert.True(spec is null, $"{what}: the readers accept it");
        Assert.NotEmpty(diagnostics);
        ICollection<ValidationError> errors = (await Loaded.Value).Validate(ToJson(root));
        Assert.True(errors.Count > 0, $"{what}: the schema accepts what the readers refuse with:\n{string.Join("\n", diagnostics)}");
    }

    [Fact]
    public void The_schema_names_the_keys_classes_and_words_the_readers_accept()
    {
        static void Same(IEnumerable<string> reader, IEnumerable<string> schema, string what) =>
            Assert.True(reader.Order(StringComparer.Ordinal).SequenceEqual(schema.Order(StringComparer.Ordinal), StringComparer.Ordinal),
                $"{what}: the readers take [{string.Join(", ", reader)}], the schema [{string.Join(", ", schema)}]");

        Same(ScenarioSections.Names, Keys(Raw.Value), "top-level sections");
        Same(ScenarioMeta.Keys, Keys(Def("meta")), "meta");
        Same(WeatherSection.Keys, Keys(Def("weather")), "weather");
        Same(WeatherSection.KeyframeKeys, Keys(Def("keyframe")), "weather keyframes");
        Same(ScenarioVariations.Keys, Keys(Def("variations")), "variations");
        Same(SensorsSection.Keys, Keys(Def("sensors")), "sensors");
        Same(SensorsSection.CameraKeys, Keys(Def("camera")), "sensors.camera");
        Same(SensorsSection.LidarKeys, Keys(Def("lidar")), "sensors.lidar");
        Same(SensorsSection.CameraMountKeys, Keys(Def("camera_mount")), "sensors.camera.mount");
        Same(SensorsSection.LidarMountKeys, Keys(Def("lidar_mount")), "sensors.lidar.mount");

        // world
        Same(["road", "props", "traffic"], Keys(Def("world")), "world"); // the reader's list is inline in WorldSection.Read
        Same(WorldSection.Types, EnumOf(Def("road"), "type"), "road types");
        Same(WorldSection.Types, ((JArray)Def("road")["oneOf"]!).Select(b => EnumOf(Resolve(b), "type").Single()), "road branches");
        foreach ((string type, string field) in new[] { ("highway", "HighwayKeys"), ("curve", "CurveKeys"), ("ring", "RingKeys"), ("intersection", "IntersectionKeys"), ("urban_block", "UrbanKeys") })
        {
            Same(Private(typeof(WorldSection), field), Keys(Def("road_" + type)), $"road type {type}");
        }

        Same(Private(typeof(WorldSection), "RampKeys"), Keys(Def("on_ramp")), "on_ramp");
        Same(Private(typeof(WorldSection), "PropKeys"), Keys(Def("prop")), "props");
        Same(WorldSection.PropClasses, EnumOf(Def("prop"), "class"), "prop classes");
        Same(TrafficFill.Keys, Keys(Def("traffic")), "world.traffic");
        Same(ActorsSection.VehicleClasses, Keys((JObject)Def("traffic")["properties"]!["mix"]!), "world.traffic.mix");

        // placements
        Same(Placement.Words.Keys, Strings(Def("lane")["anyOf"]!.OfType<JObject>().Single(b => b["enum"] is not null)["enum"]!), "lane words");
        Same(Placement.Arms, Words(Def("arm")), "arms");
        Assert.Empty(Placement.Keys.Except(Keys(Def("prop")))); // a prop is placed
        Assert.Empty(Placement.Keys.Except(Keys(Def("pedestrian")))); // and so is a pedestrian

        // actors
        Same(ActorsSection.Classes, EnumOf(Def("actor"), "class"), "actor classes");
        Same(ActorsSection.VehicleKeys, Keys(Def("vehicle")), "vehicles");
        Same(ActorsSection.PedestrianKeys, Keys(Def("pedestrian")), "pedestrians");
        Same(ActorsSection.DeerKeys, Keys(Def("deer")), "deer");
        Same(ActorsSection.Classes, ((JArray)Def("actor")["oneOf"]!).SelectMany(b => EnumOf(Resolve(b), "class")), "actor branches");

        // events
        Same(Private(typeof(EventsSection), "EventKeys"), Keys(Def("event")), "events");
        JObject[] triggers = [.. ((JArray)Def("when")["oneOf"]!).Select(Resolve)];
        Same(EventsSection.Triggers, triggers.Select(t => Keys(t)[0]), "triggers");
        foreach (JObject trigger in triggers)
        {
            string kind = Keys(trigger)[0];
            string[] extra = kind switch // as EventsSection.ReadTrigger allows them
            {
                "time" or "after" => ["delay"],
                "reaches" => ["s", "arm", "delay"],
                _ => ["below", "above", "delay"],
            };
            Same(new[] { kind, "after" }.Concat(extra).Distinct(), Keys(trigger), $"trigger {kind}");
        }

        // finance
        Same(FinanceSection.Keys, Keys(Def("finance")), "finance");
        Same(FinanceSection.BehaviourKeys, Keys(Def("finance_behaviour")), "finance.behaviour");
        Same(FinanceSection.ObservationKeys, Keys(Def("finance_observation")), "finance.observation");
        Same(FinanceSection.CategoryKeys, Keys(Def("finance_category")), "finance.categories");
        Same(TypologyCatalog.All.Select(FinanceNames.Of), EnumOf(Def("typology"), "type"), "typologies");
        Same(TypologyCatalog.All.Select(FinanceNames.Of), ((JArray)Def("typology")["oneOf"]!).Select(b => EnumOf(Resolve(b), "type").Single()), "typology branches");
        foreach (Typology typology in TypologyCatalog.All)
        {
            string name = FinanceNames.Of(typology);
            Same([.. FinanceSection.ScheduleKeys, .. TypologyCatalog.Of(typology).Select(p => p.Name)], Keys(Def("typology_" + name)), $"typology {name}");
        }

        Same(EventsSection.Actions.Keys, EnumOf(Def("action"), "action"), "actions");
        Same(EventsSection.Actions.Keys, ((JArray)Def("action")["oneOf"]!).Select(b => EnumOf(Resolve(b), "action").Single()), "action branches");
        foreach ((string action, (string applies, string[] keys)) in EventsSection.Actions)
        {
            Same(applies.Length == 0 ? ["action", .. keys] : ["action", "actor", .. keys], Keys(Def("action_" + action)), $"action {action}");
        }
    }

    [Fact]
    public void The_schema_gives_every_finance_number_the_readers_bounds_and_defaults()
    {
        foreach (Typology typology in TypologyCatalog.All)
        {
            JObject properties = (JObject)Def("typology_" + FinanceNames.Of(typology))["properties"]!;
            foreach (TypologyParameter p in TypologyCatalog.Of(typology))
            {
                string at = $"{FinanceNames.Of(typology)}.{p.Name}";
                JObject schema = (JObject)properties[p.Name]!;
                JObject number = p.Whole ? schema : (JObject)schema["anyOf"]![0]!; // whole: fixed; else a number or a distribution
                Assert.True((string?)number["type"] == (p.Whole ? "integer" : "number"), $"{at}: type {number["type"]}");
                Assert.True((double)number["minimum"]! == p.Min && (double)number["maximum"]! == p.Max, $"{at}: {number["minimum"]}–{number["maximum"]}, the catalog {p.Min}–{p.Max}");
                Assert.True((double)schema["default"]! == p.Default, $"{at}: default {schema["default"]}, the catalog {p.Default}");
            }
        }

        // Behaviour and observation defaults are the records' own (snake-case key → PascalCase property).
        foreach ((string definition, object defaults) in new (string, object)[] { ("finance_behaviour", new FinanceBehaviour()), ("finance_observation", new ObservationSpec()) })
        {
            foreach (JProperty key in ((JObject)Def(definition)["properties"]!).Properties())
            {
                string property = string.Concat(key.Name.Split('_').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
                double expected = Convert.ToDouble(defaults.GetType().GetProperty(property)!.GetValue(defaults), CultureInfo.InvariantCulture);
                Assert.True((double)key.Value["default"]! == expected, $"{definition}.{key.Name}: default {key.Value["default"]}, the reader's {expected}");
            }
        }

        FinanceSpec d = FinanceSpec.Default;
        JObject finance = (JObject)Def("finance")["properties"]!;
        Assert.Equal((d.Customers, d.Merchants, d.Days), ((int)finance["customers"]!["default"]!, (int)finance["merchants"]!["default"]!, (int)finance["days"]!["default"]!));
        Assert.Equal((d.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Currency), ((string)finance["start"]!["default"]!, (string)finance["currency"]!["default"]!));
        Assert.Equal((FinanceSpec.MaxCustomers, FinanceSpec.MaxMerchants, FinanceSpec.MaxDays), ((int)finance["customers"]!["maximum"]!, (int)finance["merchants"]!["maximum"]!, (int)finance["days"]!["maximum"]!));
        Assert.Equal(FinanceSpec.MaxRate, (double)finance["fraud_rate"]!["anyOf"]![0]!["maximum"]!);
        Assert.Equal(FinanceSpec.MaxRate, (double)finance["laundering_rate"]!["anyOf"]![0]!["maximum"]!);
        Assert.Equal(FinanceSpec.MaxDays - 1, (int)Def("typology_days")["items"]!["maximum"]!);
    }

    [Theory]
    [InlineData("a finance-only file with a duration", "meta: {name: ledger, duration: 10}\nfinance: {}\n")]
    [InlineData("a finance-only file with a step", "meta: {name: ledger, dt: 0.1}\nfinance: {}\n")]
    [InlineData("a file without finance and without a duration", "meta: {name: roads}\nweather:\n  keyframes:\n    - {time: 0}\n")]
    [InlineData("a file with finance and weather but no duration", "meta: {name: both}\nfinance: {}\nweather:\n  keyframes:\n    - {time: 0}\n")]
    public async Task Meta_duration_is_required_unless_the_file_has_only_finance_in_the_schema_too(string what, string yaml)
    {
        (YamlMapping root, ScenarioSpec? spec, List<ScenarioDiagnostic> diagnostics) = Read(yaml);
        Assert.True(spec is null, $"{what}: the readers accept it");
        Assert.Contains(diagnostics, d => d.Path.StartsWith("meta", StringComparison.Ordinal));
        ICollection<ValidationError> errors = (await Loaded.Value).Validate(ToJson(root));
        Assert.True(errors.Count > 0, $"{what}: the schema accepts what the readers refuse with:\n{string.Join("\n", diagnostics)}");
    }

    [Fact]
    public void The_schema_spells_names_and_distributions_as_the_readers_do()
    {
        var name = (Regex)typeof(ScenarioMeta).GetMethod("NamePattern", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!;
        Assert.Equal(NamePattern, name.ToString());
        string distribution = (string)Def("distribution")["pattern"]!;
        string[] patterns = [.. Raw.Value.Descendants().OfType<JProperty>().Where(p => p.Name == "pattern" && p.Value.Type == JTokenType.String).Select(p => (string)p.Value!).Distinct()];

        // The finance section's words: a currency code, a date, a category name, each spelt as its reader spells it.
        string Finance(string method) => typeof(FinanceSection).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, null)!.ToString()!;
        JObject finance = (JObject)Def("finance")["properties"]!;
        Assert.Equal(Finance("CurrencyPattern"), (string?)finance["currency"]!["pattern"]);
        Assert.Equal(Finance("DatePattern"), (string?)finance["start"]!["pattern"]);
        Assert.Equal(Finance("CategoryNamePattern"), (string?)Def("finance_category")["properties"]!["name"]!["pattern"]);
        string[] words = [Finance("CurrencyPattern"), Finance("DatePattern"), Finance("CategoryNamePattern")];

        Assert.Equal(new[] { NamePattern, distribution }.Concat(words).Order(StringComparer.Ordinal), patterns.Order(StringComparer.Ordinal)); // names are spelt one way everywhere
        foreach (string map in new[] { "actors", "events" })
        {
            Assert.Equal([NamePattern], ((JObject)Raw.Value["properties"]![map]!["patternProperties"]!).Properties().Select(p => p.Name));
        }

        Assert.Equal([NamePattern], ((JObject)Def("world")["properties"]!["props"]!["patternProperties"]!).Properties().Select(p => p.Name));

        string[] functions = Private(typeof(DistributionParser), "Names");
        Assert.Equal($@"^\s*({string.Join('|', functions)})\s*\(.*\)\s*$", distribution);
    }

    /// <summary>The JSON an editor sees in a YAML file: unquoted numbers are numbers, unquoted true/false booleans,
    /// every other scalar (quoted ones included) text.</summary>
    private static JToken ToJson(YamlNode node) => node switch
    {
        YamlMapping map => new JObject(map.Entries.Select(e => new JProperty(e.Key.Value, ToJson(e.Value)))),
        YamlSequence list => new JArray(list.Items.Select(ToJson)),
        YamlScalar { Quoted: true } text => new JValue(text.Value),
        YamlScalar { Value: "true" or "false" } flag => new JValue(flag.Value == "true"),
        YamlScalar scalar when double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) =>
            v == Math.Floor(v) && Math.Abs(v) <= 9_007_199_254_740_992 ? new JValue((long)v) : new JValue(v),
        YamlScalar scalar => new JValue(scalar.Value),
        _ => throw new ArgumentException($"unexpected node {node.Kind}", nameof(node)),
    };

    private static (YamlMapping Root, ScenarioSpec? Spec, List<ScenarioDiagnostic> Diagnostics) Read(string yaml)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        YamlMapping? root = ScenarioYamlReader.Read("s.yaml", Encoding.UTF8.GetBytes(yaml), diagnostics);
        Assert.True(root is not null, string.Join("\n", diagnostics));
        return (root, ScenarioSpec.FromYaml("s.yaml", root, diagnostics), diagnostics);
    }

    private static JObject Def(string name) => Raw.Value["definitions"]![name] as JObject ?? throw new KeyNotFoundException($"no definition '{name}'");

    private static JObject Resolve(JToken schema) =>
        schema["$ref"] is { } target ? Def(((string)target!).Replace("#/definitions/", string.Empty, StringComparison.Ordinal)) : (JObject)schema;

    private static string[] Keys(JObject schema) => [.. ((JObject)Resolve(schema)["properties"]!).Properties().Select(p => p.Name)];

    private static string[] EnumOf(JObject schema, string key) => Words(Resolve(schema)["properties"]![key]!);

    /// <summary>The words of an enum, given directly or as the enum branch of an anyOf (enum or a choice of its words).</summary>
    private static string[] Words(JToken node) =>
        node["enum"] is { } direct ? Strings(direct) : Strings(node["anyOf"]!.OfType<JObject>().Single(b => b["enum"] is not null)["enum"]!);

    private static string[] Strings(JToken array) => [.. array.Values<string>().Select(v => v!)];

    private static string[] Private(Type type, string field) =>
        type.GetField(field, BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as string[]
        ?? throw new MissingFieldException(type.Name, field);
}
