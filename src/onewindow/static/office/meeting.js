/* The video conference of an office meeting: joins the meeting's Janus VideoRoom as a
 * publisher (camera and microphone), watches every other publisher, and lets the host mute or
 * remove a participant and end the meeting through OneWindow's own URLs (the room's secret never
 * reaches the browser). Configuration comes from the JSON blob #meeting-config
 * (conferencing.rooms.page_config), UI texts from data-text-* attributes of #meeting, already
 * translated by the template. Needs vendor/adapter.js and vendor/janus.js loaded first. */
(function () {
  "use strict";

  var root = document.getElementById("meeting");
  var blob = document.getElementById("meeting-config");
  if (!root || !blob || typeof Janus === "undefined") {
    return;
  }
  var config = JSON.parse(blob.textContent);
  var text = root.dataset;
  var status = document.getElementById("meeting-status");
  var localVideo = document.getElementById("meeting-local");
  var remotes = document.getElementById("meeting-remotes");
  var leaveButton = document.getElementById("meeting-leave");
  var endButton = document.getElementById("meeting-end");
  var localNote = document.getElementById("meeting-local-note");
  var csrf = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

  var janus = null;
  var publisher = null;
  var feeds = {}; // publisher id -> {handle, tile, video, stream, display}
  var state = "joining";

  // What tests and assistive tools read: the page's state and the feeds shown.
  root.dataset.state = state;

  function say(message) {
    status.textContent = message;
  }

  function setState(next, message) {
    state = next;
    root.dataset.state = next;
    if (message) {
      say(message);
    }
    var over = next === "left" || next === "ended" || next === "removed" || next === "failed";
    leaveButton.hidden = over;
    if (endButton) {
      endButton.hidden = over;
    }
  }

  function format(template, name) {
    return (template || "").replace("%(name)s", name);
  }

  function post(url, fields) {
    if (!url) {
      return Promise.resolve(null);
    }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrf);
    Object.keys(fields || {}).forEach(function (key) {
      body.append(key, fields[key]);
    });
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf },
    });
  }

  // Attendance beacons: our server also reads Janus' participant list, so a lost beacon (a
  // closed laptop) is caught there; these give the exact moments.
  function beacon(event) {
    var url = config.urls && config.urls.attendance;
    if (!url) {
      return;
    }
    if (event === "left" && navigator.sendBeacon) {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrf);
      body.append("event", event);
      navigator.sendBeacon(url, body);
    } else {
      post(url, { event: event });
    }
  }

  function hostAction(kind, fields, done) {
    var url = config.urls && config.urls[kind];
    post(url, fields).then(function (response) {
      if (response && response.ok) {
        say(done);
      } else {
        say(text.textActionFailed);
      }
    }, function () {
      say(text.textActionFailed);
    });
  }

  function addTile(id, display) {
    var feed = feeds[id];
    if (feed) {
      return feed;
    }
    var tile = document.createElement("figure");
    tile.className = "meeting-tile";
    tile.dataset.feed = String(id);
    var video = document.createElement("video");
    video.autoplay = true;
    video.playsInline = true;
    video.setAttribute("aria-label", format(text.textRemoteVideo, display));
    var caption = document.createElement("figcaption");
    var name = document.createElement("span");
    name.className = "meeting-name";
    name.textContent = display;
    var muted = document.createElement("span");
    muted.className = "meeting-muted";
    muted.hidden = true;
    caption.appendChild(name);
    caption.appendChild(muted);
    tile.appendChild(video);
    tile.appendChild(caption);
    if (config.host) {
      var tools = document.createElement("div");
      tools.className = "meeting-tools";
      var mute = document.createElement("button");
      mute.type = "button";
      mute.className = "button button-secondary";
      mute.dataset.action = "mute";
      mute.textContent = format(text.textMute, display);
      mute.addEventListener("click", function () {
        hostAction("mute", { user_id: id, kind: "audio" }, format(text.textMuted, display));
      });
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "button button-secondary";
      remove.dataset.action = "remove";
      remove.textContent = format(text.textRemove, display);
      remove.addEventListener("click", function () {
        hostAction("remove", { user_id: id }, format(text.textRemoved, display));
      });
      tools.appendChild(mute);
      tools.appendChild(remove);
      tile.appendChild(tools);
    }
    remotes.appendChild(tile);
    feed = {
      tile: tile,
      video: video,
      muted: muted,
      moderated: {},
      stream: new MediaStream(),
      display: display,
    };
    feeds[id] = feed;
    return feed;
  }

  function dropFeed(id) {
    var feed = feeds[id];
    if (!feed) {
      return;
    }
    delete feeds[id];
    if (feed.handle) {
      feed.handle.detach();
    }
    feed.tile.remove();
    say(format(text.textLeft, feed.display));
  }

  // The host muted (or unmuted) someone's microphone (mid "0") or camera (mid "1"): Janus
  // tells everyone in the room, the person concerned included.
  function showModerated(id, mid, muted) {
    var label = mid === "0" ? text.textMicMutedByHost : text.textCameraOffByHost;
    if (id === config.id) {
      if (muted) {
        say(label);
      }
      localNote.textContent = muted ? label : "";
      return;
    }
    var feed = feeds[id];
    if (feed) {
      feed.moderated[mid] = muted;
      feed.muted.textContent = [
        feed.moderated["0"] ? text.textMicMutedByHost : "",
        feed.moderated["1"] ? text.textCameraOffByHost : "",
      ].filter(Boolean).join(" · ");
      feed.muted.hidden = !feed.muted.textContent;
    }
  }

  function showModeration(list) {
    (list || []).forEach(function (entry) {
      (entry.streams || []).forEach(function (stream) {
        if (stream.moderated !== undefined) {
          showModerated(entry.id, stream.mid, stream.moderated);
        }
      });
    });
  }

  function subscribe(list) {
    (list || []).forEach(function (entry) {
      if (entry.dummy || entry.id === config.id || feeds[entry.id]) {
        return;
      }
      var feed = addTile(entry.id, entry.display || String(entry.id));
      say(format(text.textJoined, feed.display));
      janus.attach({
        plugin: "janus.plugin.videoroom",
        success: function (handle) {
          feed.handle = handle;
          handle.send({
            message: {
              request: "join",
              room: config.room,
              pin: config.pin,
              ptype: "subscriber",
              streams: [{ feed: entry.id }],
              private_id: config.privateId,
            },
          });
        },
        error: function () {
          say(text.textFailed);
        },
        onmessage: function (msg, jsep) {
          if (jsep) {
            feed.handle.createAnswer({
              jsep: jsep,
              tracks: [],
              success: function (answer) {
                feed.handle.send({ message: { request: "start", room: config.room }, jsep: answer });
              },
              error: function () {
                say(text.textFailed);
              },
            });
          }
        },
        onremotetrack: function (track, mid, on) {
          if (!feeds[entry.id]) {
            return;
          }
          if (on) {
            feed.stream.getTracks().forEach(function (old) {
              if (old.kind === track.kind) {
                feed.stream.removeTrack(old);
              }
            });
            feed.stream.addTrack(track);
            if (feed.video.srcObject !== feed.stream) {
              Janus.attachMediaStream(feed.video, feed.stream);
            }
          } else {
            feed.stream.getTracks().forEach(function (old) {
              if (old.id === track.id) {
                feed.stream.removeTrack(old);
              }
            });
          }
        },
      });
    });
    showModeration(list);
  }

  function publish() {
    // Microphone first, camera second: the server's VideoRoom `moderate` names audio mid "0"
    // and video mid "1" (conferencing.rooms.MIDS).
    publisher.createOffer({
      tracks: [
        { type: "audio", capture: true, recv: false },
        { type: "video", capture: true, recv: false },
      ],
      success: function (jsep) {
        publisher.send({ message: { request: "configure", audio: true, video: true }, jsep: jsep });
      },
      error: function () {
        setState("failed", text.textNoCamera);
      },
    });
  }

  function onPublisherMessage(msg, jsep) {
    var event = msg.videoroom;
    if (msg.error_code) {
      var reasons = { 426: text.textNoRoom, 433: text.textWrongPin, 436: text.textAlreadyIn };
      setState("failed", reasons[msg.error_code] || text.textFailed);
      return;
    }
    if (event === "joined") {
      config.privateId = msg.private_id;
      setState("joined", text.textInMeeting);
      beacon("joined");
      publish();
      subscribe(msg.publishers);
    } else if (event === "destroyed") {
      end("ended", text.textEnded);
    } else if (event === "event") {
      if (msg.publishers) {
        subscribe(msg.publishers);
      }
      if (msg.moderation) {
        showModerated(msg.id, msg.mid, msg.moderation === "muted");
      }
      if (msg.leaving === "ok" || (msg.leaving === config.id)) {
        end("removed", text.textYouWereRemoved);
      } else if (msg.leaving) {
        dropFeed(msg.leaving);
      }
      if (msg.kicked) {
        dropFeed(msg.kicked);
      }
      if (msg.unpublished && msg.unpublished !== "ok") {
        dropFeed(msg.unpublished);
      }
    }
    if (jsep) {
      publisher.handleRemoteJsep({ jsep: jsep });
    }
  }

  function end(next, message) {
    if (state === "left" || state === "ended" || state === "removed") {
      return;
    }
    setState(next, message);
    Object.keys(feeds).forEach(function (id) {
      feeds[id].tile.remove();
      delete feeds[id];
    });
    if (localVideo.srcObject) {
      localVideo.srcObject.getTracks().forEach(function (track) { track.stop(); });
      localVideo.srcObject = null;
    }
    beacon("left");
    if (janus) {
      janus.destroy({ cleanupHandles: true });
    }
  }

  leaveButton.addEventListener("click", function () {
    end("left", text.textYouLeft);
  });
  if (endButton) {
    endButton.addEventListener("click", function () {
      hostAction("end", {}, text.textEnded);
    });
  }
  window.addEventListener("pagehide", function () {
    if (state === "joined") {
      beacon("left");
    }
  });

  setState("joining", text.textJoining);
  Janus.init({
    debug: false,
    dependencies: Janus.useDefaultDependencies(),
    callback: function () {
      if (!Janus.isWebrtcSupported()) {
        setState("failed", text.textNoWebrtc);
        return;
      }
      janus = new Janus({
        server: config.server,
        iceServers: config.iceServers && config.iceServers.length ? config.iceServers : undefined,
        success: function () {
          janus.attach({
            plugin: "janus.plugin.videoroom",
            success: function (handle) {
              publisher = handle;
              handle.send({
                message: {
                  request: "join",
                  room: config.room,
                  pin: config.pin,
                  ptype: "publisher",
                  id: config.id,
                  display: config.display,
                },
              });
            },
            error: function () {
              setState("failed", text.textFailed);
            },
            onmessage: onPublisherMessage,
            onlocaltrack: function (track, on) {
              if (track.kind !== "video") {
                return;
              }
              if (on) {
                Janus.attachMediaStream(localVideo, new MediaStream([track]));
              } else {
                localVideo.srcObject = null;
              }
            },
          });
        },
        error: function () {
          if (state === "joining" || state === "joined") {
            setState("failed", text.textFailed);
          }
        },
      });
    },
  });
})();
