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
    }
};
