// Small browser helpers the Blazor components call through JS interop.
window.loyalty = {
    setCookie: function (name, value, days) {
        const expires = new Date(Date.now() + days * 864e5).toUTCString();
        document.cookie = name + "=" + encodeURIComponent(value) + "; expires=" + expires + "; path=/; SameSite=Lax";
    },
    markInteractive: function () {
        document.body.dataset.interactive = "true";
    },
    submitForm: function (id) {
        document.getElementById(id).submit();
    },
    // The browser's position, or null when the member refuses, it is unavailable or it takes too long.
    getLocation: function () {
        return new Promise(function (resolve) {
            if (!navigator.geolocation) { resolve(null); return; }
            navigator.geolocation.getCurrentPosition(
                function (p) { resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }); },
                function () { resolve(null); },
                { timeout: 10000, maximumAge: 600000 });
        });
    }
};
