/* Runs in <head>, before the page is drawn: marks that scripts run, so the stylesheet can lay
   out the phone menu and the form's steps as the scripts will leave them (no layout shift when
   menu.js and forms.js start). Without JavaScript the class is absent and everything shows. */
document.documentElement.classList.add("js");
